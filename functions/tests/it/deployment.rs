//! The deployment described once: `infra/template.yaml` held against the code. Every
//! route a router serves is in the template on its group's function and nothing else is;
//! the functions are the handlers of the Lambda binary (`cloud::handlers`); the fan-out's filter lets
//! through exactly the events that notify; the site's Content-Security-Policy is the
//! local server's; the OpenAPI document lists exactly the routes.

use crate::common;

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::Request;
use common::template::Template;
use helpdesk_functions::events::EventKind;
use helpdesk_functions::http::{AppState, Group, endpoints, group_router};
use helpdesk_functions::local::{Backend, LocalConfig, embedded_state};
use tower::ServiceExt;

#[cfg(feature = "aws")]
#[test]
fn the_template_deploys_exactly_the_lambda_functions() {
    let template: BTreeSet<String> = Template::load()
        .functions()
        .into_iter()
        .map(|(_, b)| b)
        .collect();
    let functions: BTreeSet<String> = helpdesk_functions::cloud::handlers::Function::ALL
        .iter()
        .map(|f| f.name().to_owned())
        .collect();
    assert_eq!(template, functions);
    // Every endpoint group has its function among them.
    for g in Group::ALL {
        if let Some(f) = g.function() {
            assert!(
                template.contains(f),
                "{g:?}: no function {f} in the template"
            );
        }
    }
}

#[test]
fn every_route_is_in_the_template_on_its_function_and_nothing_else_is() {
    let routes = Template::load().routes();
    let mut problems = Vec::new();
    let all = endpoints();
    for e in &all {
        let path = e.full_path();
        let covering = common::template::chosen(&routes, e.verb.as_str(), &path);
        let deployed = !e.local_only && e.group.function().is_some();
        match (deployed, covering.as_slice()) {
            (true, [one]) if Some(one.function.as_str()) == e.group.function() => {}
            (false, []) => {}
            (_, found) => problems.push(format!(
                "{} {path} ({:?}{}): served in AWS by {:?}",
                e.verb.as_str(),
                e.group,
                if e.local_only { ", local only" } else { "" },
                found.iter().map(|r| &r.function).collect::<Vec<_>>()
            )),
        }
    }
    // No route in the template that no router serves, or serves on another function.
    for r in &routes {
        let served = all.iter().any(|e| {
            !e.local_only
                && e.group.function() == Some(r.function.as_str())
                && common::template::chosen(&routes, e.verb.as_str(), &e.full_path()).contains(&r)
        });
        if !served {
            problems.push(format!(
                "template route {} {} on {} serves nothing",
                r.method, r.path, r.function
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_fanout_filter_is_the_events_that_notify() {
    let filter: BTreeSet<String> = Template::load().fanout_filter().into_iter().collect();
    let notifying: BTreeSet<String> = EventKind::NOTIFYING.iter().map(|s| s.to_string()).collect();
    assert_eq!(filter, notifying);
}

/// `directive → sources` of a policy.
fn directives(policy: &str) -> std::collections::BTreeMap<String, BTreeSet<String>> {
    policy
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut words = d.split_whitespace();
            let name = words.next().expect("directive").to_owned();
            (name, words.map(str::to_owned).collect())
        })
        .collect()
}

#[test]
fn cloudfront_sends_the_local_servers_content_security_policy() {
    let local = directives(helpdesk_functions::http::CSP);
    let mut cloud = directives(&Template::load().csp());
    // The one difference: in AWS the browser PUTs attachments to S3 (presigned URLs).
    let s3 = "https://*.s3.${AWS::Region}.amazonaws.com";
    assert!(
        cloud.get_mut("connect-src").is_some_and(|c| c.remove(s3)),
        "connect-src lacks the S3 uploads"
    );
    assert_eq!(cloud, local);
}

#[test]
fn the_openapi_document_lists_exactly_the_routes() {
    let doc =
        serde_json::to_value(<helpdesk_functions::http::ApiDoc as utoipa::OpenApi>::openapi())
            .expect("json");
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("item").keys() {
            documented.insert(format!("{} {path}", method.to_uppercase()));
        }
    }
    // The API description documents itself by its route only.
    let served: BTreeSet<String> = endpoints()
        .iter()
        .filter(|e| e.group != Group::Dev && e.path != "/openapi.json")
        .map(|e| format!("{} {}", e.verb.as_str(), e.full_path()))
        .collect();
    assert_eq!(documented, served);

    // The answers decided before a handler runs are documented too.
    for e in endpoints()
        .iter()
        .filter(|e| e.group != Group::Dev && e.path != "/openapi.json")
    {
        let op = &doc["paths"][e.full_path()][e.verb.as_str().to_lowercase()];
        let responses = op["responses"].as_object().expect("responses");
        let has = |s: &str| responses.contains_key(s);
        if e.needs_session() {
            assert!(has("401") && has("403"), "{} {}", e.verb.as_str(), e.path);
        }
        if op["requestBody"]["content"]
            .get("application/json")
            .is_some()
        {
            for s in ["400", "413", "415", "422"] {
                assert!(has(s), "{} {}: {s}", e.verb.as_str(), e.path);
            }
        }
        assert!(has("503"), "{} {}", e.verb.as_str(), e.path);
    }
    let download =
        &doc["paths"]["/api/v1/staff/attachments/{id}"]["get"]["responses"]["200"]["content"];
    assert!(
        download.get("application/pdf").is_some()
            && download.get("application/octet-stream").is_none(),
        "{download}"
    );
    let size = &doc["components"]["schemas"]["UploadRequest"]["properties"]["size"];
    assert_eq!(
        size["maximum"],
        helpdesk_shared::attachment::MAX_BYTES,
        "{size}"
    );
}

#[tokio::test]
async fn each_group_serves_its_routes_and_no_other_groups() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = LocalConfig {
        second_factor: helpdesk_functions::auth::Requirement::Off,
        data_dir: dir.path().join("data"),
        spa_dir: dir.path().join("dist"),
        limits: helpdesk_functions::ratelimit::Limits::default(),
        trust_forwarded_for: false,
        default_language: helpdesk_shared::Lang::Ru,
        backend: Backend::Embedded,
        operators_at: None,
        clock: None,
    };
    let (mut state, _bus): (AppState, _) = embedded_state(&config).expect("state");
    state.dev_mode = true;
    let mut wrong = Vec::new();
    for e in endpoints() {
        // Path parameters get a value of the right shape.
        let path = e
            .full_path()
            .replace("{number}", "123-456-789")
            .replace("{id}", "0123456789abcdef");
        for g in Group::ALL {
            let req = Request::builder()
                .method(e.verb.as_str())
                .uri(&path)
                .header("host", "127.0.0.1")
                .body(Body::empty())
                .expect("request");
            let resp = group_router(g, state.clone())
                .oneshot(req)
                .await
                .expect("response");
            let status = resp.status().as_u16();
            let body = axum::body::to_bytes(resp.into_body(), 1 << 20)
                .await
                .expect("body");
            let code = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v["code"].as_str().map(str::to_owned));
            let unrouted = matches!(code.as_deref(), Some("no_route" | "method_not_allowed"));
            if (g == e.group) == unrouted {
                wrong.push(format!(
                    "{} {path} on {g:?}: {status} {code:?}",
                    e.verb.as_str()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}
