//! Files in the chat: "Прикрепить файл" (PDF, JPG or PNG up to 5 MB, checked here first
//! and by content on the server), uploaded the way a request's are, then sent as one
//! message; a file in the log is a button that fetches it with the chat's key or the
//! session and saves it.

use helpdesk_shared::api::{AttachmentInfo, UploadRequest, UploadTarget};
use helpdesk_shared::attachment::{AttachmentKind, MAX_BYTES, MAX_FILES};
use helpdesk_shared::chat::{FilesRequest, Said};
use helpdesk_shared::text::escape_html as esc;
use helpdesk_shared::{Lang, ProblemCode};
use wasm_bindgen::JsCast;

use crate::net::{self, Failure};
use crate::{by_id, error, said, with};

helpdesk_shared::messages! {
    /// The files' texts.
    pub enum Words {
        Attach => "Прикрепить файл" | "Attach a file",
        Uploading => "Загружаем" | "Uploading",
        Type => "Можно прикрепить PDF, JPG или PNG." | "You can attach PDF, JPG or PNG files.",
        Big => "Файл больше 5 МБ — уменьшите его или сфотографируйте страницы по одной." | "The file is over 5 MB: make it smaller or photograph the pages one by one.",
        Many => "Не больше 5 файлов за раз." | "At most 5 files at a time.",
        Refused => "Файл не принят: это не PDF, JPG или PNG, или он пуст." | "The file was refused: it is not a PDF, JPG or PNG, or it is empty.",
        Failed => "Файл не отправился. Попробуйте ещё раз." | "The file did not go. Please try again.",
        NotFetched => "Файл не скачался. Попробуйте ещё раз." | "The file did not download. Please try again.",
        Kb => "КБ" | "KB",
        Mb => "МБ" | "MB",
    }
}

/// The button and its hidden file input, for the composer.
pub fn button(lang: Lang) -> String {
    format!(
        r#"<button type="button" id="chat-attach" class="button button-secondary">{}</button><input type="file" id="chat-file" hidden multiple accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png">"#,
        Words::Attach.text(lang)
    )
}

fn size(bytes: u64, lang: Lang) -> String {
    if bytes < 1024 * 1024 {
        format!("{} {}", bytes.div_ceil(1024), Words::Kb.text(lang))
    } else {
        // Tenths of a megabyte in integers: float formatting would cost the module KiB.
        let tenths = (bytes * 10).div_ceil(1024 * 1024);
        let comma = if lang == Lang::Ru { ',' } else { '.' };
        format!(
            "{}{comma}{} {}",
            tenths / 10,
            tenths % 10,
            Words::Mb.text(lang)
        )
    }
}

/// A message's files: each a button that downloads it.
pub fn list(files: &[AttachmentInfo], lang: Lang) -> String {
    if files.is_empty() {
        return String::new();
    }
    let items: String = files
        .iter()
        .map(|f| {
            format!(
                r#"<li><button type="button" class="link-button" data-file="{id}" data-name="{name}">{name}</button> <span class="hint">{size}</span></li>"#,
                id = esc(&f.id),
                name = esc(&f.name),
                size = size(f.size, lang),
            )
        })
        .collect();
    format!(r#"<ul class="chat-files">{items}</ul>"#)
}

/// Opens the file picker.
pub fn pick() {
    if let Some(input) = by_id::<web_sys::HtmlInputElement>("chat-file") {
        input.click();
    }
}

/// The files picked: checked, uploaded one by one, then sent as one message.
pub fn picked() {
    let Some(input) = by_id::<web_sys::HtmlInputElement>("chat-file") else {
        return;
    };
    let Some(list) = input.files() else { return };
    let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
    input.set_value("");
    let Some((base, auth, lang, generation)) = with(|s| {
        let base = if s.staff { "/staff/chats" } else { "/chat" };
        (
            format!("{base}/{}", s.id),
            s.auth.clone(),
            s.lang,
            s.generation,
        )
    }) else {
        return;
    };
    let refuse = move |k: Words| error(k.text(lang));
    if files.is_empty() {
        return;
    }
    if files.len() > MAX_FILES {
        return refuse(Words::Many);
    }
    for f in &files {
        if f.size() as u64 > MAX_BYTES {
            return refuse(Words::Big);
        }
        if AttachmentKind::from_mime(&f.type_()).is_none() {
            return refuse(Words::Type);
        }
    }
    error("");
    wasm_bindgen_futures::spawn_local(async move {
        let mut ids = Vec::new();
        for f in &files {
            error(&format!("{} «{}»…", Words::Uploading.text(lang), f.name()));
            match upload(f).await {
                Ok(info) => ids.push(info.id),
                Err(Failure::Fields(_)) | Err(Failure::Problem(422, _)) => {
                    return refuse(Words::Refused);
                }
                Err(_) => return refuse(Words::Failed),
            }
        }
        let body = FilesRequest {
            attachments: ids,
            client_id: Some(format!("f-{}", js_sys::Date::now() as u64)),
        };
        match net::call::<Said>("POST", &format!("{base}/files"), Some(&body), &auth).await {
            Ok(s) => {
                error("");
                said(generation, s);
            }
            Err(f @ Failure::Problem(_, ProblemCode::ChatEnded | ProblemCode::ChatNotFound)) => {
                crate::fail(&f)
            }
            Err(_) => refuse(Words::Failed),
        }
    });
}

/// Announce, PUT the bytes where the server says, complete (the server checks them).
async fn upload(file: &web_sys::File) -> Result<AttachmentInfo, Failure> {
    let announce = UploadRequest {
        name: file.name(),
        size: file.size() as u64,
        content_type: file.type_(),
    };
    let auth = net::Auth::Session;
    let target: UploadTarget = net::call("POST", "/attachments", Some(&announce), &auth).await?;
    net::put_file(&target.url, &target.headers, file).await?;
    let done = format!("/attachments/{}/complete", target.id);
    net::call("POST", &done, Some(&serde_json::json!({})), &auth).await
}

/// A file of the chat, fetched and saved under its name.
pub fn download(button: &web_sys::Element) {
    let id = button.get_attribute("data-file").unwrap_or_default();
    let name = button.get_attribute("data-name").unwrap_or_default();
    let Some((path, auth, lang)) = with(|s| {
        let base = if s.staff { "/staff/chats" } else { "/chat" };
        (
            format!("{base}/{}/files/{id}", s.id),
            s.auth.clone(),
            s.lang,
        )
    }) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        match net::blob(&path, &auth).await {
            Ok(blob) if net::save(&blob, &name).is_some() => {}
            _ => error(Words::NotFetched.text(lang)),
        }
    });
}

/// For `events`: the element is the file input.
pub fn is_input(e: &web_sys::Event) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| el.id() == "chat-file")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_show_their_names_escaped_and_sizes_as_people_read_them() {
        let f = AttachmentInfo {
            id: "ab".into(),
            name: "<скан>.pdf".into(),
            size: 1_300_000,
            kind: AttachmentKind::Pdf,
        };
        let html = list(&[f], Lang::Ru);
        assert!(
            html.contains(
                r#"data-file="ab" data-name="&lt;скан&gt;.pdf">&lt;скан&gt;.pdf</button>"#
            ),
            "{html}"
        );
        assert!(html.contains("1,3 МБ"), "{html}");
        assert_eq!(size(1_300_000, Lang::En), "1.3 MB");
        assert_eq!(size(2_000, Lang::Ru), "2 КБ");
        assert_eq!(list(&[], Lang::Ru), "");
    }
}
