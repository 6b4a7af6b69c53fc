//! The attachments: count, size and type checked as soon as they are picked, each
//! uploaded with a progress bar (the server checks the content again), removable.

use helpdesk_app_front::shell;
use helpdesk_app_site::{Form, esc, file_size};
use helpdesk_shared::FieldCode;
use helpdesk_shared::api::AttachmentInfo;
use helpdesk_shared::attachment::{BROWSER_TYPES, MAX_BYTES, MAX_FILES};
use helpdesk_shared::fields::field_message;
use helpdesk_shared::{Lang, ProblemCode};
use web_sys::{Document, HtmlInputElement};

use crate::api::{self, Failure};
use crate::{keep, show, with};

/// Why a file is not attached: the file itself (a field code the server or the picker
/// gave), or the way there (no connection, too many uploads, server down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FileError {
    Refused(FieldCode),
    Failed(Form),
}

impl FileError {
    /// Why an upload failed, as the citizen is told.
    pub fn from_failure(failure: &Failure) -> FileError {
        match failure {
            Failure::Problem(p) => match p.errors.first() {
                Some(fe) => FileError::Refused(fe.code),
                None if p.status == 429 || p.code == ProblemCode::RateLimited => {
                    FileError::Failed(Form::ErrorsRate)
                }
                None => FileError::Failed(Form::ErrorsUpload),
            },
            Failure::Network => FileError::Failed(Form::ErrorsUpload),
        }
    }

    pub fn message(self, lang: Lang) -> String {
        match self {
            FileError::Refused(code) => {
                field_message(lang, "attachments", code, Some(MAX_FILES as u32))
            }
            FileError::Failed(key) => key.text(lang).to_owned(),
        }
    }
}

/// Why a file just picked cannot be attached, before any upload: already in the list
/// (`listed`: the names and sizes of those attached or on their way — after a reload
/// the picker looks empty, and the same file would go twice), one too many, too large,
/// empty, or of a type not taken. The server checks the content again.
pub fn refused_at_once(
    name: &str,
    size: u64,
    browser_type: &str,
    listed: &[(&str, u64)],
) -> Option<FileError> {
    if listed.iter().any(|(n, s)| *n == name && *s == size) {
        Some(FileError::Failed(Form::SubmitFilesTwice))
    } else if listed.len() >= MAX_FILES {
        Some(FileError::Refused(FieldCode::TooManyAttachments))
    } else if size > MAX_BYTES {
        Some(FileError::Refused(FieldCode::AttachmentTooLarge))
    } else if size == 0 {
        Some(FileError::Refused(FieldCode::AttachmentEmpty))
    } else if !BROWSER_TYPES.contains(&browser_type) {
        Some(FileError::Refused(FieldCode::AttachmentType))
    } else {
        None
    }
}

/// A file being uploaded, uploaded, or refused.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: u32,
    pub name: String,
    /// Bytes, as the picker saw them (a second pick of the same file is refused).
    pub size: u64,
    pub progress: u32,
    pub info: Option<AttachmentInfo>,
    pub error: Option<FileError>,
}

impl Entry {
    pub fn uploaded(key: u32, info: AttachmentInfo) -> Entry {
        Entry {
            key,
            name: info.name.clone(),
            size: info.size,
            progress: 100,
            info: Some(info),
            error: None,
        }
    }
}

/// Ids of the files that finished uploading; `None` while any is still uploading.
pub fn uploaded_ids() -> Option<Vec<String>> {
    with(|s| {
        let ok: Vec<&Entry> = s.files.iter().filter(|e| e.error.is_none()).collect();
        if ok.iter().any(|e| e.info.is_none()) {
            return None;
        }
        Some(
            ok.iter()
                .filter_map(|e| e.info.as_ref().map(|i| i.id.clone()))
                .collect(),
        )
    })
}

/// The files the citizen just picked.
pub fn picked(doc: &Document, input: &HtmlInputElement) {
    let Some(list) = input.files() else { return };
    for i in 0..list.length() {
        let Some(file) = list.get(i) else { continue };
        let (name, size) = (file.name(), file.size() as u64);
        let key = with(|s| {
            let listed: Vec<(&str, u64)> = s
                .files
                .iter()
                .filter(|e| e.error.is_none())
                .map(|e| (e.name.as_str(), e.size))
                .collect();
            let error = refused_at_once(&name, size, &file.type_(), &listed);
            s.next_file += 1;
            let key = s.next_file;
            s.files.push(Entry {
                key,
                name: name.clone(),
                size,
                progress: 0,
                info: None,
                error,
            });
            s.server.clear();
            error.is_none().then_some(key)
        });
        if let Some(key) = key {
            let doc = doc.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let progress_doc = doc.clone();
                let result = api::upload(&file, move |p| progress(&progress_doc, key, p)).await;
                with(|s| {
                    if let Some(e) = s.files.iter_mut().find(|e| e.key == key) {
                        match &result {
                            Ok(info) => e.info = Some(info.clone()),
                            Err(failure) => e.error = Some(FileError::from_failure(failure)),
                        }
                    }
                });
                keep(&doc);
                draw(&doc);
            });
        }
    }
    // Lets the same file be chosen again after removing it.
    input.set_value("");
    keep(doc);
    draw(doc);
    show::errors(doc);
    show::tools(doc);
}

/// Removes a file from the list (it is not sent; an uploaded one expires unclaimed).
pub fn remove(doc: &Document, key: u32) {
    with(|s| s.files.retain(|e| e.key != key));
    keep(doc);
    draw(doc);
    show::tools(doc);
    // The button pressed is gone: the keyboard goes back to the picker.
    show::later_focus_id(doc, "field-attachments");
}

/// One upload's progress, drawn into its row.
fn progress(doc: &Document, key: u32, percent: u32) {
    with(|s| {
        if let Some(e) = s.files.iter_mut().find(|e| e.key == key) {
            e.progress = percent;
        }
    });
    let row = format!("li[data-file=\"{key}\"]");
    if let Some(bar) = doc
        .query_selector(&format!("{row} progress"))
        .ok()
        .flatten()
    {
        let _ = bar.set_attribute("value", &percent.to_string());
    }
    if let Some(text) = doc
        .query_selector(&format!("{row} .file-size"))
        .ok()
        .flatten()
    {
        text.set_text_content(Some(&format!("{percent}%")));
    }
}

/// The list of files.
pub fn draw(doc: &Document) {
    let Some(list) = doc.query_selector("ul.files").ok().flatten() else {
        return;
    };
    let lang = shell::lang();
    let html = with(|s| {
        let mut html = String::new();
        for e in &s.files {
            let status = match (&e.info, e.error) {
                (_, Some(error)) => format!(
                    "<span class=\"error-message\">{}</span>",
                    esc(&error.message(lang))
                ),
                (Some(info), None) => format!(
                    "<span class=\"file-size\">{}</span>",
                    esc(&file_size(lang, info.size))
                ),
                (None, None) => format!(
                    "<progress max=\"100\" value=\"{p}\" aria-label=\"{}\"></progress><span class=\"file-size\">{p}%</span>",
                    esc(Form::SubmitFilesUploading.text(lang)),
                    p = e.progress
                ),
            };
            html.push_str(&format!(
                "<li class=\"file\" data-file=\"{key}\"><span class=\"file-name\">{name}</span>{status}\
                 <button type=\"button\" class=\"link-button\" data-remove=\"{key}\">{remove}\
                 <span class=\"visually-hidden\"> {name}</span></button></li>",
                key = e.key,
                name = esc(&e.name),
                remove = esc(Form::SubmitFilesRemove.text(lang)),
            ));
        }
        html
    });
    if list.inner_html() != html {
        list.set_inner_html(&html);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pick_is_refused_at_once_for_what_the_server_would_refuse() {
        let pdf = "application/pdf";
        assert_eq!(refused_at_once("a.pdf", 10, pdf, &[]), None);
        assert_eq!(
            refused_at_once("a.png", 10, "", &[]),
            None,
            "type unknown: the server looks"
        );
        assert_eq!(
            refused_at_once("a.pdf", 10, pdf, &[("a.pdf", 10)]),
            Some(FileError::Failed(Form::SubmitFilesTwice))
        );
        assert_eq!(refused_at_once("a.pdf", 11, pdf, &[("a.pdf", 10)]), None);
        let five = [("1", 1), ("2", 1), ("3", 1), ("4", 1), ("5", 1)];
        assert_eq!(
            refused_at_once("6", 1, pdf, &five),
            Some(FileError::Refused(FieldCode::TooManyAttachments))
        );
        assert_eq!(
            refused_at_once("big", MAX_BYTES + 1, pdf, &[]),
            Some(FileError::Refused(FieldCode::AttachmentTooLarge))
        );
        assert_eq!(
            refused_at_once("empty", 0, pdf, &[]),
            Some(FileError::Refused(FieldCode::AttachmentEmpty))
        );
        assert_eq!(
            refused_at_once("virus.exe", 2, "application/x-msdownload", &[]),
            Some(FileError::Refused(FieldCode::AttachmentType))
        );
    }
}
