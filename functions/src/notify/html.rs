//! E-mails to citizens as HTML beside their plain text: the portal's header, the text,
//! a button to the request, and a footer saying why the e-mail came and where to
//! change what is sent. Inline styles and tables only, as mail programs render them; every
//! word escaped.

use helpdesk_shared::Lang;
use helpdesk_shared::text::escape_html;

/// Why the e-mail came and where to choose what is sent, as plain text.
pub(super) fn footer_text(lang: Lang, number: &str) -> String {
    let base = super::public_url();
    match (lang, base) {
        (Lang::Ru, Some(base)) => format!(
            "Вы получили это письмо, потому что этот адрес указан в обращении № {number}. \
             Выбрать, о чём и как вам сообщать: {base}/notifications (после входа) или на \
             странице обращения."
        ),
        (Lang::Ru, None) => format!(
            "Вы получили это письмо, потому что этот адрес указан в обращении № {number}. \
             Выбрать, о чём и как вам сообщать, можно в разделе «Уведомления» после входа \
             или на странице обращения."
        ),
        (Lang::En, Some(base)) => format!(
            "You received this e-mail because this address is given in request {number}. \
             Choose what you are told and how: {base}/notifications (after signing in) or \
             on the request's page."
        ),
        (Lang::En, None) => format!(
            "You received this e-mail because this address is given in request {number}. \
             Choose what you are told and how under \"Notifications\" after signing in, or \
             on the request's page."
        ),
    }
}

/// The HTML part: `text`'s paragraphs (blank-line separated; a line that is a link
/// becomes one), a button to the status page where the site's address is known, and
/// `footer`.
pub(super) fn email_html(lang: Lang, subject: &str, text: &str, footer: &str) -> String {
    let site = match lang {
        Lang::Ru => "Служба поддержки Госуслуг",
        Lang::En => "Public services support",
    };
    let mut paragraphs = String::new();
    for p in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        paragraphs.push_str(&format!(
            "<p style=\"margin:0 0 16px;font-size:16px;line-height:24px;color:#0b0c0c\">{}</p>",
            linked(p)
        ));
    }
    let button = super::public_url().map(|base| {
        let label = match lang {
            Lang::Ru => "Открыть обращение",
            Lang::En => "Open the request",
        };
        format!(
            "<p style=\"margin:24px 0\"><a href=\"{}/status\" style=\"display:inline-block;\
             background:#00703c;color:#ffffff;font-weight:700;text-decoration:none;padding:12px \
             20px;border-radius:4px\">{label}</a></p>",
            escape_html(base)
        )
    });
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{subject}</title></head>\
         <body style=\"margin:0;background:#f3f2f1;font-family:Arial,sans-serif\">\
         <table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"><tr><td align=\"center\">\
         <table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"max-width:600px\">\
         <tr><td style=\"background:#0b3d91;border-bottom:6px solid #072a66;padding:16px 24px;\
         color:#ffffff;font-size:20px;font-weight:700\">{site}</td></tr>\
         <tr><td style=\"background:#ffffff;padding:24px\">\
         <h1 style=\"margin:0 0 16px;font-size:22px;line-height:28px;color:#0b0c0c\">{subject}</h1>\
         {paragraphs}{button}</td></tr>\
         <tr><td style=\"padding:16px 24px;font-size:13px;line-height:20px;color:#484949\">{footer}</td></tr>\
         </table></td></tr></table></body></html>",
        lang = lang.code(),
        subject = escape_html(subject),
        button = button.unwrap_or_default(),
        footer = linked(footer),
    )
}

/// Escaped text whose `http(s)://` words are links.
fn linked(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let trimmed = word.trim_end_matches(['.', ',', ')']);
            if trimmed.starts_with("https://") || trimmed.starts_with("http://") {
                let rest = &word[trimmed.len()..];
                format!(
                    "<a href=\"{0}\" style=\"color:#1d4fa8\">{0}</a>{1}",
                    escape_html(trimmed),
                    escape_html(rest)
                )
            } else {
                escape_html(word)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_html_part_escapes_every_word_and_links_only_addresses() {
        let html = email_html(
            Lang::Ru,
            "Обращение № 123-456-789 <принято>",
            "Текст с <script>alert(1)</script> & ссылкой https://example.ru/survey?n=1&t=2.",
            "Подвал.",
        );
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;принято&gt;"), "{html}");
        assert!(
            html.contains("<a href=\"https://example.ru/survey?n=1&amp;t=2\""),
            "{html}"
        );
        assert!(html.starts_with("<!doctype html><html lang=\"ru\">"));
    }
}
