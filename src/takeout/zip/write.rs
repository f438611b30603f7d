//! Writing zips (stored or deflated entries, zip64 on request), with the record signatures
//! the reader looks for: backups (in the import worker, never the app's bundle), the export
//! generator and the tests.

use super::{CENTRAL, EOCD, EOCD64, LOCAL, LOCATOR64};

pub struct Options {
    pub deflate: bool,
    /// Writes zip64 records even where 32-bit fields would do (as large Takeout parts do).
    pub zip64: bool,
}

/// An archive of `files`, in order (a name ending in `/` is a folder).
pub fn zip(files: &[(String, Vec<u8>)], opt: &Options) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let body = if opt.deflate {
            miniz_oxide::deflate::compress_to_vec(data, 6)
        } else {
            data.clone()
        };
        let at = out.len() as u64;
        let (size, compressed) = (data.len() as u64, body.len() as u64);
        let header = Header {
            name,
            method: if opt.deflate { 8 } else { 0 },
            crc: crc32fast::hash(data),
            sizes: if opt.zip64 {
                [u32::MAX; 3]
            } else {
                [compressed as u32, size as u32, at as u32]
            },
        };
        // In zip64 the real sizes are in the extra field, and the directory's has the offset too.
        let (local_extra, extra) = if opt.zip64 {
            (
                zip64_field(&[size, compressed]),
                zip64_field(&[size, compressed, at]),
            )
        } else {
            (vec![], vec![])
        };
        header.local(&mut out, &local_extra);
        out.extend_from_slice(&body);
        header.central(&mut central, &extra);
    }
    let cd_at = out.len() as u64;
    out.extend_from_slice(&central);
    end_records(
        &mut out,
        files.len() as u64,
        central.len() as u64,
        cd_at,
        opt.zip64,
    );
    out
}

/// What an entry's local header and its directory record both say.
struct Header<'a> {
    name: &'a str,
    method: u16,
    crc: u32,
    /// The compressed size, size and offset as 32-bit fields (all 0xFFFFFFFF in zip64).
    sizes: [u32; 3],
}

impl Header<'_> {
    fn local(&self, out: &mut Vec<u8>, extra: &[u8]) {
        out.extend_from_slice(&LOCAL.to_le_bytes());
        out.extend_from_slice(&[45, 0, 0, 0]);
        self.common(out, extra);
        out.extend_from_slice(self.name.as_bytes());
        out.extend_from_slice(extra);
    }

    fn central(&self, out: &mut Vec<u8>, extra: &[u8]) {
        out.extend_from_slice(&CENTRAL.to_le_bytes());
        out.extend_from_slice(&[45, 3, 45, 0, 0, 0]);
        self.common(out, extra);
        out.extend_from_slice(&[0; 6]);
        out.extend_from_slice(&[0, 0, 0xa4, 0x81]);
        out.extend_from_slice(&self.sizes[2].to_le_bytes());
        out.extend_from_slice(self.name.as_bytes());
        out.extend_from_slice(extra);
    }

    /// From the method to the extra field's length: the same in both records.
    fn common(&self, out: &mut Vec<u8>, extra: &[u8]) {
        out.extend_from_slice(&self.method.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0x21, 0x5a]);
        out.extend_from_slice(&self.crc.to_le_bytes());
        out.extend_from_slice(&self.sizes[0].to_le_bytes());
        out.extend_from_slice(&self.sizes[1].to_le_bytes());
        out.extend_from_slice(&(self.name.len() as u16).to_le_bytes());
        out.extend_from_slice(&(extra.len() as u16).to_le_bytes());
    }
}

/// The zip64 extra field (id 1) holding `values`.
fn zip64_field(values: &[u64]) -> Vec<u8> {
    let mut field = Vec::new();
    field.extend_from_slice(&1u16.to_le_bytes());
    field.extend_from_slice(&(8 * values.len() as u16).to_le_bytes());
    for v in values {
        field.extend_from_slice(&v.to_le_bytes());
    }
    field
}

/// The end of the directory of `n` entries (`cd_size` bytes at `cd_at`), in zip64 preceded by
/// the 64-bit end record and its locator.
fn end_records(out: &mut Vec<u8>, n: u64, cd_size: u64, cd_at: u64, zip64: bool) {
    if zip64 {
        let rec_at = out.len() as u64;
        out.extend_from_slice(&EOCD64.to_le_bytes());
        out.extend_from_slice(&44u64.to_le_bytes());
        out.extend_from_slice(&[45, 3, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&cd_size.to_le_bytes());
        out.extend_from_slice(&cd_at.to_le_bytes());
        out.extend_from_slice(&LOCATOR64.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&rec_at.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
    }
    out.extend_from_slice(&EOCD.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    let (n16, size32, at32) = if zip64 {
        (u16::MAX, u32::MAX, u32::MAX)
    } else {
        (n as u16, cd_size as u32, cd_at as u32)
    };
    out.extend_from_slice(&n16.to_le_bytes());
    out.extend_from_slice(&n16.to_le_bytes());
    out.extend_from_slice(&size32.to_le_bytes());
    out.extend_from_slice(&at32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
}
