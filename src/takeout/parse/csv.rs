//! Reading the CSV files: rows split by hand where no cell is quoted (the per-minute families,
//! tens of millions of rows, nothing allocated per row), by `csv_core` where one may be; columns
//! found by header name; number cells read without the standard parser where they are plain.

/// Calls `f` with the fields of each row of an RFC 4180 CSV (quoted commas, quotes, CRLF).
/// Rows that are not UTF-8 are counted, not passed.
pub fn csv_rows(bytes: &[u8], mut f: impl FnMut(&[&str])) -> u64 {
    // Files without a quote (the per-minute families: tens of millions of rows) are split by
    // hand, several times faster than the general reader below.
    if !bytes.contains(&b'"') {
        let mut bad = 0;
        for line in lines(bytes) {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.is_empty() {
                continue;
            }
            let Ok(line) = std::str::from_utf8(line) else {
                bad += 1;
                continue;
            };
            let mut fields = [""; 64];
            let mut n = 0;
            for field in line.split(',').take(64) {
                fields[n] = field;
                n += 1;
            }
            f(&fields[..n]);
        }
        return bad;
    }
    use csv_core::ReadRecordResult::*;
    let mut rdr = csv_core::Reader::new();
    let (mut out, mut ends) = (vec![0u8; 1024], vec![0usize; 32]);
    let (mut input, mut o, mut e, mut bad) = (bytes, 0, 0, 0);
    loop {
        let (res, nin, nout, nend) = rdr.read_record(input, &mut out[o..], &mut ends[e..]);
        input = &input[nin..];
        o += nout;
        e += nend;
        match res {
            InputEmpty => continue,
            OutputFull => out.resize(out.len() * 2, 0),
            OutputEndsFull => ends.resize(ends.len() * 2, 0),
            Record => {
                // No allocation per row (years of heart rate are tens of millions of rows);
                // the files read here have a dozen columns at most.
                let mut fields = [""; 64];
                let mut start = 0;
                let mut ok = true;
                for (i, &end) in ends[..e.min(64)].iter().enumerate() {
                    match std::str::from_utf8(&out[start..end]) {
                        Ok(s) => fields[i] = s,
                        Err(_) => ok = false,
                    }
                    start = end;
                }
                if ok {
                    f(&fields[..e.min(64)]);
                } else {
                    bad += 1;
                }
                o = 0;
                e = 0;
            }
            End => return bad,
        }
    }
}

/// A CSV read by header names: `f` gets the named columns of each row (in `names`' order) and
/// the `data source` cell when there is one. `Err` names the first missing column.
pub(super) fn table(
    bytes: &[u8],
    names: &[&str],
    mut f: impl FnMut(&[&str], Option<&str>),
) -> Result<(), String> {
    if !bytes.contains(&b'"') {
        return plain_table(bytes, names, f);
    }
    let mut cols: Option<(Vec<usize>, Option<usize>)> = None;
    let mut missing = None;
    csv_rows(bytes, |row| match &cols {
        None if missing.is_none() => {
            let find = |n: &str| row.iter().position(|h| h.trim().eq_ignore_ascii_case(n));
            match names
                .iter()
                .map(|n| find(n).ok_or(*n))
                .collect::<Result<Vec<_>, _>>()
            {
                Ok(ix) => cols = Some((ix, find("data source"))),
                Err(n) => missing = Some(n.to_string()),
            }
        }
        None => {}
        Some((ix, src)) => {
            let mut picked = [""; 8];
            for (p, &i) in picked.iter_mut().zip(ix.iter()) {
                *p = row.get(i).copied().unwrap_or("");
            }
            f(&picked[..ix.len()], src.and_then(|s| row.get(s).copied()));
        }
    });
    match missing {
        Some(n) => Err(format!("no \"{n}\" column")),
        None => Ok(()),
    }
}

/// [`table`] of a file without quotes (the per-minute families, tens of millions of rows):
/// each line split once, only the wanted cells kept, nothing allocated per row.
fn plain_table(
    bytes: &[u8],
    names: &[&str],
    mut f: impl FnMut(&[&str], Option<&str>),
) -> Result<(), String> {
    let mut lines = lines(bytes)
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.is_empty());
    let Some(header) = lines.next() else {
        return Ok(());
    };
    let header: Vec<&str> = std::str::from_utf8(header)
        .map_err(|_| "the header is not text".to_string())?
        .split(',')
        .map(str::trim)
        .collect();
    let find = |n: &str| header.iter().position(|h| h.eq_ignore_ascii_case(n));
    let ix = names
        .iter()
        .map(|n| find(n).ok_or_else(|| format!("no \"{n}\" column")))
        .collect::<Result<Vec<_>, _>>()?;
    let src = find("data source");
    let last = ix.iter().copied().chain(src).max().unwrap_or(0);
    for line in lines {
        let Ok(line) = std::str::from_utf8(line) else {
            continue;
        };
        let (mut picked, mut source) = ([""; 8], None);
        for (i, cell) in line.split(',').enumerate().take(last + 1) {
            if Some(i) == src {
                source = Some(cell);
            }
            for (p, &want) in picked.iter_mut().zip(&ix) {
                if want == i {
                    *p = cell;
                }
            }
        }
        f(&picked[..ix.len()], source);
    }
    Ok(())
}

/// The lines of a file (its line ends found with `memchr`, several bytes at a time).
fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
    ends.filter_map(move |end| {
        let line = bytes.get(start..end)?;
        start = end + 1;
        Some(line)
    })
}

/// Whether a file without quotes starts with the header columns `a,b`.
pub(super) fn leading_pair(bytes: &[u8], a: &str, b: &str) -> bool {
    let header = bytes.split(|c| *c == b'\n').next().unwrap_or(b"");
    let mut cols = header.split(|c| *c == b',').map(|c| c.trim_ascii());
    // Quoted leading cells go the general way (checked on the header and the first row; a
    // quote further right is stepped over by `line_end`).
    let first_row = bytes
        .get(header.len() + 1..)
        .and_then(|r| r.split(|c| *c == b'\n').next())
        .unwrap_or(b"");
    cols.next()
        .is_some_and(|c| c.eq_ignore_ascii_case(a.as_bytes()))
        && cols
            .next()
            .is_some_and(|c| c.eq_ignore_ascii_case(b.as_bytes()))
        && !header.contains(&b'"')
        && !first_row.contains(&b'"')
}

/// Where the line holding `row[from..]` ends (the index of its `\n`, or `row.len()`), stepping
/// over quoted cells, which may hold commas and line ends.
pub(super) fn line_end(row: &[u8], from: usize) -> usize {
    let mut i = from.min(row.len());
    loop {
        match memchr::memchr2(b'\n', b'"', &row[i..]) {
            None => return row.len(),
            Some(k) if row[i + k] == b'\n' => return i + k,
            // A quoted cell: to its closing quote (a doubled quote is a quote inside it).
            Some(k) => {
                i += k + 1;
                loop {
                    match memchr::memchr(b'"', &row[i..]) {
                        None => return row.len(),
                        Some(q) if row.get(i + q + 1) == Some(&b'"') => i += q + 2,
                        Some(q) => {
                            i += q + 1;
                            break;
                        }
                    }
                }
            }
        }
    }
}

/// [`num`] of bytes (the heart-rate rows' `72.0`).
pub(super) fn num_bytes(b: &[u8]) -> Option<f64> {
    match b {
        [i @ b'0'..=b'9', b'.', f @ b'0'..=b'9'] => {
            Some((i - b'0') as f64 + (f - b'0') as f64 / 10.0)
        }
        [i @ b'0'..=b'9', j @ b'0'..=b'9', b'.', f @ b'0'..=b'9'] => {
            Some(((i - b'0') * 10 + (j - b'0')) as f64 + (f - b'0') as f64 / 10.0)
        }
        [i @ b'0'..=b'9', j @ b'0'..=b'9', k @ b'0'..=b'9', b'.', f @ b'0'..=b'9'] => Some(
            ((i - b'0') as f64 * 100.0 + ((j - b'0') * 10 + (k - b'0')) as f64)
                + (f - b'0') as f64 / 10.0,
        ),
        _ => num(std::str::from_utf8(b).ok()?),
    }
}

/// A number cell: plain decimals (`72`, `72.0`, `-0.35`) read directly, anything else
/// (`NaN`, exponents) by the standard parser.
pub(super) fn num(s: &str) -> Option<f64> {
    let s = s.trim();
    let b = s.as_bytes();
    let (neg, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        _ => (false, b),
    };
    let (mut int, mut frac, mut scale, mut seen_dot) = (0u64, 0u64, 1u64, false);
    if digits.is_empty() || digits.len() > 15 {
        return s.parse().ok();
    }
    for &c in digits {
        match c {
            b'0'..=b'9' if seen_dot => {
                frac = frac * 10 + (c - b'0') as u64;
                scale *= 10;
            }
            b'0'..=b'9' => int = int * 10 + (c - b'0') as u64,
            b'.' if !seen_dot => seen_dot = true,
            _ => return s.parse().ok(),
        }
    }
    let v = int as f64 + frac as f64 / scale as f64;
    Some(if neg { -v } else { v })
}
