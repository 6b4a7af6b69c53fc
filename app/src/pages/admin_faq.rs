//! The admin's knowledge base: every article (published or hidden, with its "helpful" /
//! "not helpful" counts), moved up or down the list, written in both languages (new or
//! existing), published or hidden; and what readers said was missing, least helpful
//! first. The server checks the role and every field; this page checks the same first.

use helpdesk_shared::faq::{self, Article, ArticleFeedback, ArticleText, topic_title};
use helpdesk_shared::faq_edit::{ArticleOrder, EditArticle};
use leptos::prelude::*;

use super::admin::{failure_key, refused, said_banner};
use crate::api::{self, ApiFailure};
use crate::form::{ErrorSummary, FormState, TextField, same_name};
use crate::i18n::{Admin, Key, t};
use crate::load::show;
use crate::prefs::use_prefs;

const FIELDS: &[&str] = &[
    "slug",
    "topic",
    "ru.title",
    "ru.answer",
    "ru.steps",
    "ru.asks",
    "en.title",
    "en.answer",
    "en.steps",
    "en.asks",
    "related",
];

/// One language's fields: lists are one item per line.
#[derive(Clone, Copy)]
struct TextDraft {
    title: RwSignal<String>,
    answer: RwSignal<String>,
    steps: RwSignal<String>,
    asks: RwSignal<String>,
}

impl TextDraft {
    fn new() -> TextDraft {
        let [title, answer, steps, asks] = std::array::from_fn(|_| RwSignal::new(String::new()));
        TextDraft {
            title,
            answer,
            steps,
            asks,
        }
    }

    fn fill(self, t: &ArticleText) {
        self.title.set(t.title.clone());
        self.answer.set(t.answer.clone());
        self.steps.set(t.steps.join("\n"));
        self.asks.set(t.asks.join("\n"));
    }

    fn value(self) -> ArticleText {
        let lines = |s: RwSignal<String>| s.get_untracked().lines().map(str::to_owned).collect();
        ArticleText {
            title: self.title.get_untracked(),
            answer: self.answer.get_untracked(),
            steps: lines(self.steps),
            asks: lines(self.asks),
        }
    }
}

#[derive(Clone, Copy)]
struct ArticleDraft {
    slug: RwSignal<String>,
    topic: RwSignal<String>,
    published: RwSignal<bool>,
    related: RwSignal<String>,
    ru: TextDraft,
    en: TextDraft,
}

impl ArticleDraft {
    fn fill(self, a: &EditArticle) {
        self.slug.set(a.article.slug.clone());
        self.topic.set(a.article.topic.clone());
        self.published.set(a.published);
        self.related.set(a.article.related.join(" "));
        self.ru.fill(&a.article.ru);
        self.en.fill(&a.article.en);
    }

    fn value(self) -> EditArticle {
        EditArticle {
            article: Article {
                slug: self.slug.get_untracked().trim().to_owned(),
                topic: self.topic.get_untracked(),
                ru: self.ru.value(),
                en: self.en.value(),
                related: self
                    .related
                    .get_untracked()
                    .split([' ', ',', '\n'])
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            },
            published: self.published.get_untracked(),
            position: None,
        }
    }
}

/// The knowledge base for admins: the list, the form, what readers said.
#[component]
pub fn FaqAdmin() -> impl IntoView {
    let p = use_prefs();
    let list = LocalResource::new(|| async {
        let articles = api::get::<Vec<EditArticle>>("/admin/faq/articles").await?;
        let feedback = api::get::<Vec<ArticleFeedback>>("/admin/faq/feedback").await?;
        Ok::<_, ApiFailure>((articles, feedback))
    });
    // Some(true) while creating, Some(false) while editing, None when the form is closed.
    let editing = RwSignal::new(None::<bool>);
    let draft = ArticleDraft {
        slug: RwSignal::new(String::new()),
        topic: RwSignal::new(String::new()),
        published: RwSignal::new(false),
        related: RwSignal::new(String::new()),
        ru: TextDraft::new(),
        en: TextDraft::new(),
    };
    let state = FormState::new();
    let said = RwSignal::new(None::<(bool, Key)>);
    let form_title = NodeRef::<leptos::html::H3>::new();
    let open_form = Callback::new(move |a: Option<EditArticle>| {
        editing.set(Some(a.is_none()));
        draft.fill(&a.unwrap_or(EditArticle {
            article: Article {
                slug: String::new(),
                topic: String::new(),
                ru: ArticleText::default(),
                en: ArticleText::default(),
                related: Vec::new(),
            },
            published: false,
            position: None,
        }));
        state.clear();
        said.set(None);
        request_animation_frame(move || {
            if let Some(h) = form_title.get_untracked() {
                h.scroll_into_view();
                let _ = h.focus();
            }
        });
    });
    let reorder = Callback::new(move |slugs: Vec<String>| {
        if !state.start() {
            return;
        }
        leptos::task::spawn_local(async move {
            match api::put_empty("/admin/faq/order", &ArticleOrder { slugs }).await {
                Ok(()) => said.set(Some((true, Admin::FaqMoved.into()))),
                Err(f) => said.set(Some((false, failure_key(&f)))),
            }
            state.done();
            list.refetch();
        });
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let creating = editing.get_untracked() == Some(true);
        let a = match draft.value().parse() {
            Ok(a) => a,
            Err(errs) => return state.refuse(errs, same_name),
        };
        if !state.start() {
            return;
        }
        leptos::task::spawn_local(async move {
            let path = format!("/admin/faq/articles/{}", a.article.slug);
            let saved = api::put::<_, EditArticle>(&path, &a, creating).await;
            match saved {
                Ok(_) => {
                    editing.set(None);
                    said.set(Some((true, Admin::FaqSaved.into())));
                    list.refetch();
                }
                Err(f) => refused(state, said, f),
            }
            state.done();
        });
    };
    let render = move |(articles, feedback): (Vec<EditArticle>, Vec<ArticleFeedback>)| {
        let slugs: Vec<String> = articles.iter().map(|a| a.article.slug.clone()).collect();
        let last = articles.len().saturating_sub(1);
        let missing: Vec<ArticleFeedback> = feedback
            .iter()
            .filter(|f| !f.missing.is_empty())
            .cloned()
            .collect();
        let items = articles
            .into_iter()
            .enumerate()
            .map(|(i, a)| {
                let votes = feedback
                    .iter()
                    .find(|f| f.slug == a.article.slug)
                    .map_or((0, 0), |f| (f.helpful, f.not_helpful));
                let moved = |from: usize, to: usize| {
                    let mut s = slugs.clone();
                    s.swap(from, to);
                    s
                };
                let (up, down) = ((i > 0).then(|| moved(i, i - 1)), (i < last).then(|| moved(i, i + 1)));
                let a2 = a.clone();
                let title = move || a2.article.text(p.lang.get()).title.clone();
                let (title2, title3) = (title.clone(), title.clone());
                view! {
                    <li class="ticket-card faq-admin-item">
                        <p class="ticket-card-head"><span>{title}</span><code>{a.article.slug.clone()}</code></p>
                        <p class="meta">
                            {
                                let topic = a.article.topic.clone();
                                move || topic_title(&topic, p.lang.get())
                            }" · "
                            {p.t(if a.published { Admin::FaqPublished } else { Admin::FaqHidden })}" · "
                            {move || format!("{} {} · {} {}", t(p.lang.get(), Admin::FaqHelpful), votes.0, t(p.lang.get(), Admin::FaqNotHelpful), votes.1)}
                        </p>
                        <div class="button-row">
                            <button type="button" class="button button-secondary" on:click={
                                let a = a.clone();
                                move |_| open_form.run(Some(a.clone()))
                            }>{p.t(Admin::CannedEdit)}</button>
                            {up.map(|s| view! {
                                <button type="button" class="link-button" aria-label=move || format!("{} «{}»", t(p.lang.get(), Admin::FaqUp), title2())
                                    on:click=move |_| reorder.run(s.clone())>{p.t(Admin::FaqUp)}</button>
                            })}
                            {down.map(|s| {
                                let title = title3.clone();
                                view! {
                                    <button type="button" class="link-button" aria-label=move || format!("{} «{}»", t(p.lang.get(), Admin::FaqDown), title())
                                        on:click=move |_| reorder.run(s.clone())>{p.t(Admin::FaqDown)}</button>
                                }
                            })}
                        </div>
                    </li>
                }
            })
            .collect_view();
        view! {
            <ul class="ticket-list">{items}</ul>
            <h3>{p.t(Admin::FaqMissingTitle)}</h3>
            {if missing.is_empty() {
                view! { <p>{p.t(Admin::FaqMissingNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="ticket-list">
                        {missing.into_iter().map(|f| view! {
                            <li class="ticket-card">
                                <p class="ticket-card-head"><span>{f.title.clone()}</span>
                                    <span class="meta">{format!("+{} / −{}", f.helpful, f.not_helpful)}</span></p>
                                <ul>{f.missing.into_iter().map(|m| view! { <li class="message-text">{m.text}</li> }).collect_view()}</ul>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        }
        .into_any()
    };
    let topics: Vec<&'static str> = faq::topics().collect();
    view! {
        <section aria-labelledby="faq-admin-title">
            <h2 id="faq-admin-title">{p.t(Admin::FaqTitle)}</h2>
            <p class="hint">{p.t(Admin::FaqIntro)}</p>
            {move || said.get().filter(|_| editing.get().is_none()).map(|said| said_banner(p, said))}
            {move || editing.get().is_none().then(|| view! {
                <p><button type="button" class="button" on:click=move |_| open_form.run(None)>{p.t(Admin::FaqNew)}</button></p>
            })}
            {move || editing.get().map(|creating| {
                let topics = topics.clone();
                view! {
                <form novalidate class="panel" on:submit=save>
                    <h3 node_ref=form_title tabindex="-1">{p.t(if creating { Admin::FaqNew } else { Admin::FaqEditTitle })}</h3>
                    <ErrorSummary errors=state.errors.into() order=FIELDS node=state.summary />
                    {if creating {
                        view! { <TextField name="slug" label=Admin::FaqSlug hint=Admin::FaqSlugHint value=draft.slug error=state.error("slug") autocomplete="off" /> }.into_any()
                    } else {
                        view! { <p><strong>{p.t(Admin::FaqSlug)}": "</strong><code>{draft.slug.get_untracked()}</code></p> }.into_any()
                    }}
                    <div class="field">
                        <label class="label" for="field-topic">{p.t(Admin::FaqTopic)}</label>
                        {move || state.error("topic").get().map(|m| view! { <p id="field-topic-error" class="error-message">{m}</p> })}
                        <select id="field-topic" class="input" prop:value=move || draft.topic.get()
                            on:change=move |ev| draft.topic.set(event_target_value(&ev))>
                            <option value="">"—"</option>
                            {topics.into_iter().map(|code| view! {
                                <option value=code>{move || topic_title(code, p.lang.get())}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <TextField name="ru.title" label=Admin::FaqTitleRu value=draft.ru.title error=state.error("ru.title") />
                    <TextField name="ru.answer" label=Admin::FaqAnswerRu value=draft.ru.answer error=state.error("ru.answer") multiline=true />
                    <TextField name="ru.steps" label=Admin::FaqStepsRu hint=Admin::FaqLinesHint value=draft.ru.steps error=state.error("ru.steps") multiline=true />
                    <TextField name="ru.asks" label=Admin::FaqAsksRu hint=Admin::FaqAsksHint value=draft.ru.asks error=state.error("ru.asks") multiline=true />
                    <TextField name="en.title" label=Admin::FaqTitleEn value=draft.en.title error=state.error("en.title") />
                    <TextField name="en.answer" label=Admin::FaqAnswerEn value=draft.en.answer error=state.error("en.answer") multiline=true />
                    <TextField name="en.steps" label=Admin::FaqStepsEn hint=Admin::FaqLinesHint value=draft.en.steps error=state.error("en.steps") multiline=true />
                    <TextField name="en.asks" label=Admin::FaqAsksEn hint=Admin::FaqAsksHint value=draft.en.asks error=state.error("en.asks") multiline=true />
                    <TextField name="related" label=Admin::FaqRelated hint=Admin::FaqRelatedHint value=draft.related error=state.error("related") />
                    <div class="field checkbox">
                        <input id="field-published" type="checkbox" prop:checked=move || draft.published.get()
                            on:change=move |ev| draft.published.set(event_target_checked(&ev)) />
                        <label for="field-published">{p.t(Admin::FaqPublish)}</label>
                    </div>
                    {move || said.get().filter(|(ok, _)| !ok).map(|(_, key)| view! { <div class="banner" role="alert">{p.t(key)}</div> })}
                    <div class="button-row">
                        <button type="submit" class="button" aria-disabled=move || state.busy.get().to_string()>{p.t(Admin::CannedSave)}</button>
                        <button type="button" class="button button-secondary" on:click=move |_| { editing.set(None); state.clear(); }>{p.t(Admin::Cancel)}</button>
                    </div>
                </form>
            }})}
            {show(list, failure_key, render)}
        </section>
    }
}
