//! `infra/template.yaml` as the tests read it: the functions, their HTTP routes, the
//! fan-out's subscription filter and the site's Content-Security-Policy.

use yaml_rust2::{Yaml, YamlLoader};

pub struct Template {
    doc: Yaml,
}

/// One `HttpApi` event of a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub function: String,
    pub method: String,
    pub path: String,
}

impl Route {
    /// Whether API Gateway sends `method path` here: the same method or `ANY`; the same
    /// path, or under a `{proxy+}` prefix; `{name}` matches one segment.
    pub fn covers(&self, method: &str, path: &str) -> bool {
        if self.method != "ANY" && self.method != method {
            return false;
        }
        let mut want = self.path.split('/');
        let mut got = path.split('/');
        loop {
            match (want.next(), got.next()) {
                (None, None) => return true,
                (Some(w), Some(_)) if w.ends_with("+}") => return true,
                (Some(w), Some(g)) if w == g || (w.starts_with('{') && g.starts_with('{')) => {}
                _ => return false,
            }
        }
    }
}

/// The routes API Gateway would pick for `method path` (one, unless the template is
/// ambiguous): of those that cover it, a route without a greedy `{proxy+}` before one
/// with it, a longer path before a shorter, a method before `ANY` — "the most-specific
/// match" of HTTP APIs.
pub fn chosen<'a>(routes: &'a [Route], method: &str, path: &str) -> Vec<&'a Route> {
    let rank = |r: &Route| {
        (
            r.path.contains("+}"),
            std::cmp::Reverse(r.path.split('/').count()),
            r.method == "ANY",
        )
    };
    let covering: Vec<&Route> = routes.iter().filter(|r| r.covers(method, path)).collect();
    let Some(best) = covering.iter().map(|r| rank(r)).min() else {
        return Vec::new();
    };
    covering.into_iter().filter(|r| rank(r) == best).collect()
}

impl Template {
    pub fn load() -> Template {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../infra/template.yaml");
        let text = std::fs::read_to_string(path).expect("infra/template.yaml");
        let mut docs = YamlLoader::load_from_str(&text).expect("template is YAML");
        Template {
            doc: docs.remove(0),
        }
    }

    fn resources(&self) -> impl Iterator<Item = (&str, &Yaml)> {
        self.doc["Resources"]
            .as_hash()
            .expect("Resources")
            .iter()
            .map(|(k, v)| (k.as_str().expect("resource name"), v))
    }

    /// (resource name, handler) of every Lambda function: each is built from the one
    /// binary and runs the function its Handler names.
    pub fn functions(&self) -> Vec<(String, String)> {
        self.resources()
            .filter(|(_, r)| r["Type"].as_str() == Some("AWS::Serverless::Function"))
            .map(|(name, r)| {
                let binary = r["Metadata"]["BuildProperties"]["Binary"].as_str();
                assert_eq!(binary, Some("lambda"), "{name}: BuildProperties.Binary");
                (name.to_owned(), handler(name, r))
            })
            .collect()
    }

    /// Every HTTP route, by the handler of the function that serves it.
    pub fn routes(&self) -> Vec<Route> {
        let mut out = Vec::new();
        for (name, r) in self
            .resources()
            .filter(|(_, r)| r["Type"].as_str() == Some("AWS::Serverless::Function"))
        {
            let function = handler(name, r);
            let Some(events) = r["Properties"]["Events"].as_hash() else {
                continue;
            };
            for (_, e) in events {
                if e["Type"].as_str() != Some("HttpApi") {
                    continue;
                }
                out.push(Route {
                    function: function.clone(),
                    method: e["Properties"]["Method"]
                        .as_str()
                        .expect("Method")
                        .to_uppercase(),
                    path: e["Properties"]["Path"].as_str().expect("Path").to_owned(),
                });
            }
        }
        out
    }

    /// The `event_type` values the fan-out queue's subscription lets through.
    pub fn fanout_filter(&self) -> Vec<String> {
        let (_, sub) = self
            .resources()
            .find(|(_, r)| {
                r["Type"].as_str() == Some("AWS::SNS::Subscription")
                    && r["Properties"]["Protocol"].as_str() == Some("sqs")
            })
            .expect("the fan-out subscription");
        sub["Properties"]["FilterPolicy"]["event_type"]
            .as_vec()
            .expect("FilterPolicy.event_type")
            .iter()
            .map(|v| v.as_str().expect("event type").to_owned())
            .collect()
    }

    /// The fan-out subscription's filter policy as the JSON SNS takes.
    pub fn fanout_filter_json(&self) -> String {
        serde_json::json!({ "event_type": self.fanout_filter() }).to_string()
    }

    /// CloudFront's Content-Security-Policy (the text of its `!Sub`).
    pub fn csp(&self) -> String {
        let (_, policy) = self
            .resources()
            .find(|(_, r)| r["Type"].as_str() == Some("AWS::CloudFront::ResponseHeadersPolicy"))
            .expect("the response headers policy");
        policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
            ["ContentSecurityPolicy"]["ContentSecurityPolicy"]
            .as_str()
            .expect("ContentSecurityPolicy")
            .to_owned()
    }
}

fn handler(name: &str, function: &Yaml) -> String {
    function["Properties"]["Handler"]
        .as_str()
        .unwrap_or_else(|| panic!("{name}: no Handler"))
        .to_owned()
}
