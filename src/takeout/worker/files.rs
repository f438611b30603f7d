//! The person's files as the worker reads them: in windows of a few megabytes
//! (`FileReaderSync` over `File.slice`), never a whole archive in memory.

use crate::takeout::zip::{self, Blob};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{File, FileReaderSync, MessageEvent, MessagePort};

/// Bytes of the archive read at once (see [`zip::Windowed`]).
const WINDOW: usize = 4 << 20;

/// One of the person's files, read in windows.
pub(super) type Archive = zip::Windowed<FileBlob>;

fn archive(file: File, reader: &FileReaderSync) -> Archive {
    zip::Windowed::new(
        FileBlob {
            file,
            reader: reader.clone(),
        },
        WINDOW,
    )
}

pub(super) struct FileBlob {
    file: File,
    reader: FileReaderSync,
}

impl Blob for FileBlob {
    fn len(&self) -> u64 {
        self.file.size() as u64
    }
    fn read(&self, at: u64, len: usize) -> Result<Vec<u8>, String> {
        let part = self
            .file
            .slice_with_f64_and_f64(at as f64, (at + len as u64) as f64)
            .map_err(|_| "slice refused".to_string())?;
        let buf = self.reader.read_as_array_buffer(&part).map_err(|e| {
            e.dyn_ref::<web_sys::DomException>()
                .map(|d| d.message())
                .unwrap_or_else(|| "read refused".into())
        })?;
        Ok(js_sys::Uint8Array::new(&buf).to_vec())
    }
}

/// Every entry of every file (or every `of`-th from the `part`-th), inflated and dropped: the
/// floor of an import's time.
pub(super) fn inflate_all(files: Vec<File>, part: usize, of: usize) -> Result<u64, String> {
    let reader = FileReaderSync::new().map_err(|_| "no FileReaderSync".to_string())?;
    let mut total = 0;
    for file in files {
        let b = archive(file, &reader);
        let entries = zip::entries(&b).map_err(|e| crate::words::zip_problem(&e))?;
        for e in entries
            .iter()
            .filter(|e| !e.is_dir())
            .skip(part)
            .step_by(of)
        {
            total += zip::extract(&b, e, zip::Limits::default())
                .map_err(|e| crate::words::zip_problem(&e))?
                .len() as u64;
        }
    }
    Ok(total)
}

/// The person's files, read in windows, and each one's directory.
pub(super) fn open(files: Vec<File>) -> Result<(Vec<Archive>, Vec<Vec<zip::Entry>>), String> {
    let reader = FileReaderSync::new()
        .map_err(|_| "This browser cannot read files in the background.".to_string())?;
    let blobs: Vec<_> = files
        .into_iter()
        .map(|file| archive(file, &reader))
        .collect();
    let dirs = blobs
        .iter()
        .map(|b| zip::entries(b).map_err(|e| problem(b, &e)))
        .collect::<Result<_, _>>()?;
    Ok((blobs, dirs))
}

/// What went wrong with a file, named.
pub(super) fn problem(b: &Archive, e: &zip::ZipError) -> String {
    format!(
        "{}: {}",
        b.inner().file.name(),
        crate::words::zip_problem(e)
    )
}

/// The next message on a port (the worker's event loop runs meanwhile).
pub(super) async fn next_message(port: &MessagePort) -> JsValue {
    let (tx, rx) = futures::channel::oneshot::channel();
    let mut tx = Some(tx);
    let on = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        if let Some(tx) = tx.take() {
            let _ = tx.send(ev.data());
        }
    });
    port.set_onmessage(Some(on.as_ref().unchecked_ref()));
    let data = rx.await.unwrap_or(JsValue::NULL);
    port.set_onmessage(None);
    data
}
