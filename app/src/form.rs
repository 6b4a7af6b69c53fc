//! Form building blocks after the GOV.UK pattern: a label, a hint, the error message
//! right above the input, and an error summary at the top that links to each field.

use helpdesk_shared::FieldError;
use helpdesk_shared::api::AttachmentInfo;
use helpdesk_shared::attachment::ACCEPT;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::field_message;
use crate::i18n::{Form, Key};
use crate::prefs::use_prefs;
use helpdesk_app_form::api::upload;
use helpdesk_app_form::files::refused_at_once;
use helpdesk_app_site::file_size;

/// The message for the first error of `field`, if it should be shown.
pub fn error_for(errors: Signal<Vec<FieldError>>, field: &'static str) -> Signal<Option<String>> {
    let prefs = use_prefs();
    Signal::derive(move || {
        let lang = prefs.lang.get();
        errors.with(|errs| {
            errs.iter()
                .find(|e| e.field == field)
                .map(|e| field_message(lang, field, e.code, e.limit))
        })
    })
}

/// The state every form keeps: its field errors (the summary's and each field's), whether
/// it is sending, and the summary to focus when it refuses. One per form; `Copy`.
#[derive(Clone, Copy)]
pub struct FormState {
    pub errors: RwSignal<Vec<FieldError>>,
    pub busy: RwSignal<bool>,
    pub summary: NodeRef<leptos::html::Div>,
}

impl FormState {
    pub fn new() -> FormState {
        FormState {
            errors: RwSignal::new(Vec::new()),
            busy: RwSignal::new(false),
            summary: NodeRef::new(),
        }
    }

    /// Shows what to fix and moves focus to the summary, so it is read out.
    pub fn refuse(self, mut errors: Vec<FieldError>, rename: fn(&mut FieldError)) {
        errors.iter_mut().for_each(rename);
        self.errors.set(errors);
        focus_after_render(self.summary);
    }

    /// Starts sending: clears the errors; false if a send is already under way (a double
    /// click sends once).
    pub fn start(self) -> bool {
        if self.busy.get_untracked() {
            return false;
        }
        self.errors.set(Vec::new());
        self.busy.set(true);
        true
    }

    pub fn done(self) {
        self.busy.set(false);
    }

    /// The message of `field`'s first error, for its `TextField`.
    #[cfg(feature = "staff")]
    pub fn error(self, field: &'static str) -> Signal<Option<String>> {
        error_for(self.errors.into(), field)
    }

    #[cfg(feature = "staff")]
    pub fn clear(self) {
        self.errors.set(Vec::new());
    }
}

/// Field names as the API sends them, unchanged (for `FormState::refuse`).
pub fn same_name(_: &mut FieldError) {}

/// Moves focus to an element after the current render (an error summary that has just
/// been filled), so a screen reader announces it.
pub fn focus_after_render(node: NodeRef<leptos::html::Div>) {
    request_animation_frame(move || {
        if let Some(el) = node.get_untracked() {
            let _ = el.focus();
        }
    });
}

/// Focuses the element with `id`, if it is there.
pub fn focus_by_id(id: &str) {
    if let Some(el) = document().get_element_by_id(id)
        && let Ok(el) = el.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = el.focus();
    }
}

#[component]
pub fn TextField(
    /// The request field this input edits; also its id (`field-<name>`).
    name: &'static str,
    #[prop(into)] label: Key,
    #[prop(optional, into)] hint: Option<Key>,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(optional)] multiline: bool,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// Called when the person leaves the field.
    #[prop(into, optional)]
    on_blur: Option<Callback<()>>,
) -> impl IntoView {
    let prefs = use_prefs();
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    // Leaving a field to press a button must not show its error first: the message
    // would push the button away between mouse-down and mouse-up, and the click would be
    // lost. The button's own action (submit) shows every error anyway.
    let blur = move |ev: leptos::ev::FocusEvent| {
        let to_button = ev
            .related_target()
            .is_some_and(|t| t.has_type::<web_sys::HtmlButtonElement>());
        if let (Some(cb), false) = (on_blur, to_button) {
            cb.run(())
        }
    };
    let input = if multiline {
        view! {
            <textarea id=id.clone() name=name rows="6"
                class="input" class:input-error=move || error.get().is_some()
                aria-describedby=described.clone()
                aria-invalid=move || error.get().is_some().to_string()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:blur=blur
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=name type=input_type
                class="input" class:input-error=move || error.get().is_some()
                autocomplete=autocomplete inputmode=inputmode
                aria-describedby=described
                aria-invalid=move || error.get().is_some().to_string()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:blur=blur
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:field-error=move || error.get().is_some()>
            <label for=id.clone() class="label">{prefs.t(label)}</label>
            {hint.map(|h| view! { <p id=hint_id.clone() class="hint">{prefs.t(h)}</p> })}
            {move || error.get().map(|msg| view! { <p id=error_id.clone() class="error-message">{msg}</p> })}
            {input}
        </div>
    }
}

/// The list of what to fix, shown after a failed submit; each item moves focus to its
/// field.
#[component]
pub fn ErrorSummary(
    errors: Signal<Vec<FieldError>>,
    /// Field order on the page.
    order: &'static [&'static str],
    node: NodeRef<leptos::html::Div>,
) -> impl IntoView {
    let prefs = use_prefs();
    let items = move || {
        let lang = prefs.lang.get();
        let errs = errors.get();
        let mut shown: Vec<FieldError> = Vec::new();
        for field in order {
            if let Some(e) = errs.iter().find(|e| e.field == *field) {
                shown.push(e.clone());
            }
        }
        shown
            .into_iter()
            .map(|e| {
                let target = format!("field-{}", e.field);
                let href = format!("#{target}");
                let msg = field_message(lang, &e.field, e.code, e.limit);
                view! {
                    <li><a href=href on:click=move |ev| { ev.prevent_default(); focus_by_id(&target); }>{msg}</a></li>
                }
            })
            .collect_view()
    };
    // One per form, and a page may have two forms: the title's id names the form's first
    // field.
    let title_id = format!("error-summary-{}", order.first().copied().unwrap_or("form"));
    let labelled_by = title_id.clone();
    view! {
        <div node_ref=node class="error-summary" tabindex="-1" role="alert" aria-labelledby=labelled_by
            class:hidden=move || errors.with(|e| e.is_empty())>
            <h2 id=title_id>{prefs.t(Form::ErrorsTitle)}</h2>
            <ul>{items}</ul>
        </div>
    }
}

/// A file being uploaded or uploaded.
#[derive(Clone, Debug, PartialEq)]
pub struct FileEntry {
    pub key: u32,
    pub name: String,
    /// Bytes, as the picker saw them (a second pick of the same file is refused).
    pub size: u64,
    pub progress: RwSignal<u32>,
    pub info: Option<AttachmentInfo>,
    pub error: Option<FileError>,
}

pub use helpdesk_app_form::files::FileError;

/// Attachment picker: checks count, size and type at once, uploads each file with a
/// progress bar; the server checks the content again.
#[component]
pub fn FileField(files: RwSignal<Vec<FileEntry>>, error: Signal<Option<String>>) -> impl IntoView {
    let prefs = use_prefs();
    let next_key = StoredValue::new(1000u32);
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(list) = input.files() else { return };
        for i in 0..list.length() {
            let Some(file) = list.get(i) else { continue };
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            let (name, size) = (file.name(), file.size() as u64);
            let error = files.with(|f| {
                let listed: Vec<(&str, u64)> = f
                    .iter()
                    .filter(|e| e.error.is_none())
                    .map(|e| (e.name.as_str(), e.size))
                    .collect();
                refused_at_once(&name, size, &file.type_(), &listed)
            });
            let progress = RwSignal::new(0);
            files.update(|f| {
                f.push(FileEntry {
                    key,
                    name,
                    size,
                    progress,
                    info: None,
                    error,
                })
            });
            if error.is_none() {
                leptos::task::spawn_local(async move {
                    let result = upload(&file, move |p| progress.set(p)).await;
                    files.update(|f| {
                        if let Some(e) = f.iter_mut().find(|e| e.key == key) {
                            match result {
                                Ok(info) => e.info = Some(info),
                                Err(failure) => e.error = Some(FileError::from_failure(&failure)),
                            }
                        }
                    });
                });
            }
        }
        // Lets the same file be chosen again after removing it.
        input.set_value("");
    };
    let rows = move || {
        let lang = prefs.lang.get();
        files
            .get()
            .into_iter()
            .map(|entry| {
                let key = entry.key;
                let progress = entry.progress;
                let status = match (&entry.info, entry.error) {
                    (_, Some(error)) => view! { <span class="error-message">{error.message(lang)}</span> }.into_any(),
                    (Some(info), None) => view! { <span class="file-size">{file_size(lang, info.size)}</span> }.into_any(),
                    (None, None) => view! {
                        <progress max="100" value=move || progress.get() aria-label=crate::i18n::t(lang, Form::SubmitFilesUploading)></progress>
                        <span class="file-size">{move || format!("{}%", progress.get())}</span>
                    }
                    .into_any(),
                };
                view! {
                    <li class="file">
                        <span class="file-name">{entry.name.clone()}</span>
                        {status}
                        <button type="button" class="link-button"
                            on:click=move |_| files.update(|f| f.retain(|e| e.key != key))>
                            {crate::i18n::t(lang, Form::SubmitFilesRemove)}
                            <span class="visually-hidden">{format!(" {}", entry.name)}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="field" class:field-error=move || error.get().is_some()>
            <label for="field-attachments" class="label">{prefs.t(Form::SubmitFiles)}</label>
            <p id="field-attachments-hint" class="hint">{prefs.t(Form::SubmitFilesHint)}</p>
            {move || error.get().map(|msg| view! { <p class="error-message">{msg}</p> })}
            <input id="field-attachments" type="file" multiple accept=ACCEPT
                class="file-input" aria-describedby="field-attachments-hint" on:change=on_change />
            <ul class="files" aria-live="polite" aria-label=prefs.t(Form::SubmitFilesAttached)>{rows}</ul>
        </div>
    }
}

/// Ids of the files that finished uploading; `None` while any is still uploading.
pub fn uploaded_ids(files: &[FileEntry]) -> Option<Vec<String>> {
    let ok: Vec<&FileEntry> = files.iter().filter(|e| e.error.is_none()).collect();
    if ok.iter().any(|e| e.info.is_none()) {
        return None;
    }
    Some(
        ok.iter()
            .filter_map(|e| e.info.as_ref().map(|i| i.id.clone()))
            .collect(),
    )
}
