//! `cablegram info [--json]`: where the library is and what it holds.

use super::{CommandError, Output};
use crate::library::Library;
use crate::text::thousands;

#[derive(Debug, Clone, clap::Args)]
pub struct InfoArgs {
    /// Print one JSON object
    #[arg(long)]
    pub json: bool,
}

pub fn run(lib: &Library, args: &InfoArgs, o: &mut Output) -> Result<(), CommandError> {
    let info = lib.info()?;
    if args.json {
        serde_json::to_writer(&mut *o.out, &info).map_err(std::io::Error::from)?;
        writeln!(o.out)?;
        return Ok(());
    }
    writeln!(o.out, "library      {}", info.path.display())?;
    let samples = if info.samples {
        "  (the bundled samples; import the release with `cablegram import cables.csv`)"
    } else {
        ""
    };
    writeln!(o.out, "cables       {}{samples}", thousands(info.cables))?;
    if let (Some(first), Some(last)) = (info.first, info.last) {
        writeln!(
            o.out,
            "created      {} … {}",
            first.date_string(),
            last.date_string()
        )?;
    }
    writeln!(o.out, "size         {}", human_bytes(info.size_bytes))?;
    writeln!(
        o.out,
        "last import  {}",
        info.last_import.as_deref().unwrap_or("never")
    )?;
    Ok(())
}

/// `12345678` → `11.8 MiB`.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_and_sizes_scaled() {
        assert_eq!(thousands(251_287), "251,287");
        assert_eq!(thousands(5), "5");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(10), "10 B");
    }
}
