//! The request form's own fields: the topic (with a suggestion from the knowledge base
//! as the request is typed) and the consent.

use std::time::Duration;

use helpdesk_shared::Category;
use helpdesk_shared::faq::{TOPIC_SUGGEST_FROM, TopicGuess, TopicRequest};
use leptos::prelude::*;

use crate::api;
use crate::i18n::{Common, Faq};
use crate::prefs::use_prefs;

/// The topic, from the project's categories.
#[component]
pub fn CategoryField(
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let p = use_prefs();
    view! {
        <div class="field" class:field-error=move || error.get().is_some()>
            <label for="field-category" class="label">{p.t(Common::SubmitCategory)}</label>
            {move || error.get().map(|m| view! { <p id="field-category-error" class="error-message">{m}</p> })}
            <select id="field-category" name="category" class="input"
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=move || if error.get().is_some() { "field-category-error" } else { "" }
                prop:value=move || value.get()
                on:change=move |ev| { value.set(event_target_value(&ev)); on_change.run(()); }>
                <option value="">{p.t(Common::SubmitCategoryChoose)}</option>
                {Category::ALL.map(|c| view! {
                    <option value=c.code() selected=move || value.get() == c.code()>{move || c.title(p.lang.get())}</option>
                })}
            </select>
        </div>
    }
}

/// Consent to personal-data processing (152-ФЗ): required.
#[component]
pub fn ConsentField(value: RwSignal<bool>, error: Signal<Option<String>>) -> impl IntoView {
    let p = use_prefs();
    view! {
        <div class="field checkbox" class:field-error=move || error.get().is_some()>
            {move || error.get().map(|m| view! { <p id="field-consent-error" class="error-message">{m}</p> })}
            <input id="field-consent" type="checkbox" name="consent"
                aria-invalid=move || error.get().is_some().to_string()
                prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev)) />
            <label for="field-consent">{p.t(Common::SubmitConsent)}</label>
        </div>
    }
}

/// How long typing must pause before the topic is guessed again.
const PAUSE: Duration = Duration::from_millis(700);
/// Shortest text worth guessing from.
const MIN_TEXT: usize = 12;

/// "Похоже, это тема «…»": while no topic is chosen, the knowledge base guesses one
/// from the subject and description after each pause in typing; one press chooses it.
/// A failed guess shows nothing (it is only a suggestion).
#[component]
pub fn TopicSuggestion(
    subject: RwSignal<String>,
    description: RwSignal<String>,
    category: RwSignal<String>,
    on_choose: Callback<()>,
) -> impl IntoView {
    let p = use_prefs();
    let guess = RwSignal::new(None::<Category>);
    // The topic chosen from the suggestion: said where the button was, which keeps focus.
    let picked = RwSignal::new(None::<Category>);
    // Only the answer to the latest text counts.
    let generation = StoredValue::new(0u32);
    Effect::new(move |_| {
        let text = format!("{} {}", subject.get(), description.get());
        let chosen = !category.with(String::is_empty);
        let this = generation.get_value().wrapping_add(1);
        generation.set_value(this);
        if !chosen {
            picked.set(None);
        }
        if chosen || text.trim().chars().count() < MIN_TEXT {
            guess.set(None);
            return;
        }
        set_timeout(
            move || {
                if generation.get_value() != this {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let req = TopicRequest { text };
                    let answer = api::post::<_, TopicGuess>("/faq/topic", &req, None).await;
                    if generation.get_value() != this {
                        return;
                    }
                    guess.set(match answer {
                        Ok(g) if g.confidence >= TOPIC_SUGGEST_FROM => g.category,
                        _ => None,
                    });
                });
            },
            PAUSE,
        );
    });
    view! {
        <div class="topic-suggestion" aria-live="polite">
            {move || guess.get().map(|c| view! {
                <p class="callout">
                    {p.t(Faq::TopicLooksLike)}" «"{move || c.title(p.lang.get())}"». "
                    <button type="button" class="link-button" on:click=move |_| {
                        category.set(c.code().to_owned());
                        picked.set(Some(c));
                        on_choose.run(());
                        request_animation_frame(|| crate::form::focus_by_id("topic-picked"));
                    }>{p.t(Faq::TopicChoose)}</button>
                </p>
            })}
            {move || picked.get().map(|c| view! {
                <p id="topic-picked" class="hint" tabindex="-1">
                    {p.t(Faq::TopicPicked)}" «"{move || c.title(p.lang.get())}"»."
                </p>
            })}
        </div>
    }
}
