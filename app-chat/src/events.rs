//! What the person does in the chat: send (Enter), tap a quick question, mark the bot's
//! answer, ask for an operator, give the access code, end, rate, start anew; and the
//! timer that keeps the chat fresh. One listener per kind of event on the chat's root.

use helpdesk_shared::ProblemCode;
use helpdesk_shared::chat::{
    ChatRequestForm, ChatRequestMade, ChatState, ChatStatusRequest, ClientFrame, MarkRequest,
    RateRequest, Said, SayRequest,
};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, Event, HtmlFormElement, HtmlTextAreaElement, KeyboardEvent};

use crate::net::{self, Auth, Failure};
use crate::socket::{after, send};
use crate::view::Text;
use crate::{
    BEAT_MS, DRAFT, PENDING, PING_BEATS, Pending, RENEW_BEATS, SAVED, by_id, catch_up, chrome,
    current, error, fail, input_value, now_ms, pending_item, said, with,
};

fn listen(root: &Element, event: &str, handler: impl FnMut(Event) + 'static) {
    let mark = format!("data-chat-{event}");
    if root.has_attribute(&mark) {
        return;
    }
    let _ = root.set_attribute(&mark, "");
    let handler = Closure::<dyn FnMut(Event)>::new(handler);
    let _ = root.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
    handler.forget();
}

/// The element of `e` (or its ancestor) matching `selector`.
fn target(e: &Event, selector: &str) -> Option<Element> {
    e.target()?
        .dyn_into::<Element>()
        .ok()?
        .closest(selector)
        .ok()?
}

pub fn wire(root: &Element) {
    listen(root, "click", |e| {
        if let Some(b) = target(&e, "[data-quick]") {
            say(b.get_attribute("data-quick").unwrap_or_default());
        } else if let Some(b) = target(&e, "[data-mark]") {
            let seq = b
                .get_attribute("data-mark")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            let helpful = b.get_attribute("data-helpful").as_deref() == Some("1");
            change("marks", Some(MarkRequest { seq, helpful }));
        } else if target(&e, "#chat-operator").is_some() {
            change("operator", None::<()>);
        } else if let Some(b) = target(&e, "[data-file]") {
            crate::files::download(&b);
        } else if target(&e, "#chat-attach").is_some() {
            crate::files::pick();
        } else if target(&e, "#chat-pdf").is_some() {
            crate::transcript::pdf();
        } else if target(&e, "#chat-transfer").is_some() {
            crate::transfer::open();
        } else if target(&e, "#chat-transfer-cancel").is_some() {
            crate::transfer::cancel();
        } else if target(&e, "#chat-offer").is_some() {
            change("offer", None::<()>);
        } else if target(&e, "#chat-end").is_some() {
            change("end", None::<()>);
        } else if target(&e, "#chat-new").is_some() {
            net::store(SAVED, "");
            if let Some((root, lang)) = with(|s| (s.root.clone(), s.lang)) {
                crate::open(root.into(), lang.code(), "", false);
            }
        }
    });
    listen(root, "submit", |e| {
        let Some(form) = e
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        e.prevent_default();
        match form.id().as_str() {
            "chat-form" => {
                let text = input_value("chat-text");
                if text.trim().is_empty() {
                    return;
                }
                if text.chars().count() > 2000 {
                    if let Some(lang) = with(|s| s.lang) {
                        error(Text::TooLong.text(lang));
                    }
                    return;
                }
                if let Some(t) = by_id::<HtmlTextAreaElement>("chat-text") {
                    t.set_value("");
                }
                net::store(DRAFT, "");
                say(text);
            }
            "chat-code-form" => {
                let number = form.get_attribute("data-number").unwrap_or_default();
                let code = input_value("chat-code");
                change(
                    "status",
                    Some(ChatStatusRequest {
                        number,
                        access_code: code,
                    }),
                );
            }
            "chat-rate-form" => rate(&form),
            "chat-request-form" => request(),
            "chat-email-form" => crate::transcript::email(),
            "chat-transfer-form" => crate::transfer::send(),
            _ => {}
        }
    });
    listen(root, "change", |e| {
        if crate::files::is_input(&e) {
            crate::files::picked();
        }
    });
    listen(root, "keydown", |e| {
        let Some(k) = e.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        if k.key() == "Enter" && !k.shift_key() && target(&e, "#chat-text").is_some() {
            e.prevent_default();
            if let Some(form) = by_id::<HtmlFormElement>("chat-form") {
                let _ = form.request_submit();
            }
        }
    });
    listen(root, "input", |e| {
        if target(&e, "#chat-text").is_none() {
            return;
        }
        let (staff, id, due) = with(|s| {
            let due = now_ms() - s.typing_sent > 3_000.0;
            if due {
                s.typing_sent = now_ms();
            }
            (s.staff, s.id.clone(), due)
        })
        .unwrap_or_default();
        if !staff {
            net::store(DRAFT, &input_value("chat-text"));
        }
        if due {
            send(&ClientFrame::Typing { chat: id });
        }
    });
}

/// The path of one of the chat's calls, as its reader makes it.
fn path(what: &str) -> Option<(String, Auth, u32)> {
    with(|s| {
        let base = if s.staff { "/staff/chats" } else { "/chat" };
        (
            format!("{base}/{}/{what}", s.id),
            s.auth.clone(),
            s.generation,
        )
    })
}

/// A call that changes the chat and answers with what it added.
fn change<B: serde::Serialize + 'static>(what: &'static str, body: Option<B>) {
    let Some((path, auth, generation)) = path(what) else {
        return;
    };
    error("");
    wasm_bindgen_futures::spawn_local(async move {
        match net::call::<Said>("POST", &path, body.as_ref(), &auth).await {
            Ok(s) => {
                let waiting = s.state == ChatState::Waiting;
                said(generation, s);
                if waiting {
                    catch_up(generation).await; // the place in the queue
                }
            }
            Err(Failure::Problem(_, ProblemCode::NotFound)) if what == "status" => {
                if let Some(lang) = with(|s| s.lang) {
                    error(Text::WrongCode.text(lang));
                }
            }
            Err(f) => fail(&f),
        }
    });
}

/// Sends what the person wrote; until the server has it, it stays in the log (and in
/// this browser) as not sent.
fn say(text: String) {
    let p = Pending {
        client_id: format!(
            "m-{}-{}",
            now_ms() as u64,
            (js_sys::Math::random() * 1e9) as u64
        ),
        text,
    };
    let mut all = pending();
    all.push(p.clone());
    net::store(PENDING, &serde_json::to_string(&all).unwrap_or_default());
    if let (Some(log), Some(lang)) = (by_id::<Element>("chat-log"), with(|s| s.lang)) {
        let _ = log.insert_adjacent_html("beforeend", &pending_item(&p, lang));
    }
    let Some((generation, started)) = with(|s| (s.generation, !s.id.is_empty())) else {
        return;
    };
    // Written before the new chat was made (a fast typist, a slow connection): it
    // waits in this browser, and the chat's start sends it (`resend`).
    if !started {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        deliver(generation, p).await;
    });
}

/// One unsent message to the server; false when there is no connection.
async fn deliver(generation: u32, p: Pending) -> bool {
    let Some((path, auth, _)) = path("messages") else {
        return false;
    };
    error("");
    let body = SayRequest {
        text: p.text.clone(),
        client_id: Some(p.client_id.clone()),
    };
    match net::call::<Said>("POST", &path, Some(&body), &auth).await {
        Ok(s) => {
            drop_pending(&p.client_id);
            said(generation, s);
            true
        }
        Err(Failure::Network) => {
            mark_failed(&p.client_id);
            fail(&Failure::Network);
            false
        }
        Err(f) => {
            // Refused for good (too long, the chat ended): back into the box to fix.
            drop_pending(&p.client_id);
            if let Some(t) = by_id::<HtmlTextAreaElement>("chat-text")
                && t.value().is_empty()
            {
                t.set_value(&p.text);
            }
            fail(&f);
            true
        }
    }
}

fn pending() -> Vec<Pending> {
    net::load(PENDING)
        .and_then(|p| serde_json::from_str(&p).ok())
        .unwrap_or_default()
}

/// The message is on the server: out of the unsent list and its placeholder.
pub fn drop_pending(client_id: &str) {
    let rest: Vec<Pending> = pending()
        .into_iter()
        .filter(|p| p.client_id != client_id)
        .collect();
    net::store(
        PENDING,
        &if rest.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&rest).unwrap_or_default()
        },
    );
    if let Some(log) = by_id::<Element>("chat-log")
        && let Ok(Some(li)) = log.query_selector(&format!("li[data-client=\"{client_id}\"]"))
    {
        li.remove();
    }
}

fn mark_failed(client_id: &str) {
    if let Some(log) = by_id::<Element>("chat-log")
        && let Ok(Some(li)) = log.query_selector(&format!("li[data-client=\"{client_id}\"]"))
    {
        let _ = li.class_list().add_1("msg-failed");
    }
}

/// Sends what was not sent (after a reload or when the connection is back), in order.
pub async fn resend(generation: u32) {
    let Some((staff, lang)) = with(|s| (s.staff, s.lang)) else {
        return;
    };
    if staff {
        return;
    }
    let all = pending();
    if let Some(log) = by_id::<Element>("chat-log") {
        for p in &all {
            if log
                .query_selector(&format!("li[data-client=\"{}\"]", p.client_id))
                .ok()
                .flatten()
                .is_none()
            {
                let _ = log.insert_adjacent_html("beforeend", &pending_item(p, lang));
            }
        }
    }
    for p in all {
        if !current(generation) || !deliver(generation, p).await {
            break;
        }
    }
}

fn rate(form: &HtmlFormElement) {
    let stars = form
        .query_selector("input[name=stars]:checked")
        .ok()
        .flatten()
        .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|i| i.value().parse::<u8>().ok());
    let Some(lang) = with(|s| s.lang) else { return };
    let Some(stars) = stars else {
        error(Text::PickStars.text(lang));
        return;
    };
    let comment = Some(input_value("chat-comment")).filter(|c| !c.trim().is_empty());
    let Some((path, auth, generation)) = path("rating") else {
        return;
    };
    error("");
    wasm_bindgen_futures::spawn_local(async move {
        let body = RateRequest { stars, comment };
        match net::send("POST", &path, Some(&body), &auth).await {
            // Rated already (another tab): the same thanks.
            Ok(_) | Err(Failure::Problem(_, ProblemCode::ChatNotRateable)) => {
                with(|s| {
                    if s.generation == generation {
                        s.rated = true;
                        chrome(s);
                    }
                });
            }
            Err(f) => fail(&f),
        }
    });
}

/// Every five seconds: without a socket, read what is new and send what waits; while waiting, the place in
/// the queue; now and then a ping, and a fresh connection before API Gateway's two hours.
pub fn beat(generation: u32) {
    after(BEAT_MS, move || {
        let Some((connected, state, beats)) = with(|s| {
            if s.generation != generation {
                return None;
            }
            s.beats += 1;
            Some((s.connected, s.state, s.beats))
        })
        .flatten() else {
            return;
        };
        if state != ChatState::Ended
            && (!connected || (state == ChatState::Waiting && beats % 3 == 0))
        {
            wasm_bindgen_futures::spawn_local(catch_up(generation));
        }
        // Without a socket (back from no connection, before it reconnects): what waits
        // in this browser goes now, not at the socket's next try (each sent once: the
        // server keeps a message id once).
        if state != ChatState::Ended && !connected && !pending().is_empty() {
            wasm_bindgen_futures::spawn_local(resend(generation));
        }
        if beats % PING_BEATS == 0 {
            send(&ClientFrame::Ping);
        }
        if beats % RENEW_BEATS == 0
            && let Some(Some(ws)) = with(|s| s.socket.clone())
        {
            let _ = ws.close();
        }
        beat(generation);
    });
}

/// "Оставить обращение": the form's values to the server; a number and code at once, or
/// what to fix next to each field (the values stay).
fn request() {
    let checked =
        by_id::<web_sys::HtmlInputElement>("chat-req-consent").is_some_and(|c| c.checked());
    let form = ChatRequestForm {
        category: by_id::<web_sys::HtmlSelectElement>("chat-req-category")
            .map(|s| s.value())
            .unwrap_or_default(),
        full_name: input_value("chat-req-full_name"),
        phone: input_value("chat-req-phone"),
        email: input_value("chat-req-email"),
        consent: checked,
    };
    with(|s| {
        s.request_form = crate::request_view::RequestForm {
            category: form.category.clone(),
            full_name: form.full_name.clone(),
            phone: form.phone.clone(),
            email: form.email.clone(),
            consent: form.consent,
            errors: Vec::new(),
        };
    });
    let Some((path, auth, generation)) = path("request") else {
        return;
    };
    error("");
    wasm_bindgen_futures::spawn_local(async move {
        match net::call::<ChatRequestMade>("POST", &path, Some(&form), &auth).await {
            Ok(made) => {
                with(|s| {
                    s.made = Some((made.ticket.number.clone(), made.ticket.access_code.clone()))
                });
                said(generation, made.said);
            }
            Err(Failure::Fields(errors)) => {
                let first = errors.first().map(|e| format!("chat-req-{}", e.field));
                with(|s| {
                    s.request_form.errors = errors;
                    chrome(s);
                });
                if let Some(id) = first
                    && let Some(el) = by_id::<web_sys::HtmlElement>(&id)
                {
                    let _ = el.focus();
                }
            }
            Err(f) => fail(&f),
        }
    });
}
