//! Staff download the files of requests they may see: as attachments, under the name of
//! their detected type, audited; nobody else gets them.

mod common;

use common::session::staff_sign_in;
use common::{problem, spawn_app, valid_ticket};
use serde_json::{Value, json};

#[tokio::test]
async fn staff_download_the_files_of_requests_they_may_see() {
    let app = spawn_app().await;
    let pdf = common::pdf();
    let done: Value = app
        .upload("скан паспорта.pdf", pdf.clone())
        .await
        .json()
        .await
        .expect("uploaded");
    let id = done["id"].as_str().expect("id").to_owned();
    // A PDF's bytes named as a web page are kept as a PDF, under a PDF's name.
    let disguised: Value = app
        .upload("evil.html", pdf.clone())
        .await
        .json()
        .await
        .expect("uploaded");
    assert_eq!(disguised["name"], "evil.pdf", "{disguised}");
    assert_eq!(disguised["kind"], "pdf");
    let disguised_id = disguised["id"].as_str().expect("id").to_owned();
    let mut body = valid_ticket();
    body["attachments"] = json!([id, disguised_id]);
    let (number, _) = app.submit(&body).await;
    let path = format!("/staff/attachments/{id}");

    // Locally the bytes come back; in the cloud a redirect to S3, which the client follows.
    let op = staff_sign_in(&app, "operator", "operator-demo-2026").await;
    let resp = op.get(&path).await;
    assert_eq!(resp.status(), 200);
    let disposition = resp.headers()["content-disposition"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("UTF-8''%D1%81%D0%BA%D0%B0%D0%BD"),
        "{disposition}"
    );
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    assert_eq!(resp.bytes().await.expect("bytes").to_vec(), pdf);
    let resp = op.get(&format!("/staff/attachments/{disguised_id}")).await;
    let disposition = resp.headers()["content-disposition"]
        .to_str()
        .expect("ascii");
    assert!(disposition.contains("evil.pdf"), "{disposition}");
    assert!(!disposition.contains("html"), "{disposition}");

    // Nobody else: not signed in, a citizen, a specialist of another department, an
    // unknown id.
    let anonymous = app.http.get(app.api(&path)).send().await.expect("get");
    assert_eq!(anonymous.status(), 401);
    let spec = staff_sign_in(&app, "specialist", "specialist-demo-2026").await;
    assert_eq!(problem(spec.get(&path).await).await.1, "file_not_found");
    assert_eq!(
        problem(op.get("/staff/attachments/0123").await).await.1,
        "file_not_found"
    );

    // Each download is in the audit trail.
    let admin = staff_sign_in(&app, "admin", "admin-demo-2026").await;
    let day = helpdesk_shared::moscow::date(time::OffsetDateTime::now_utc());
    let page: Value = admin.get_json(&format!("/admin/audit?day={day}")).await;
    let downloads: Vec<&Value> = page["entries"]
        .as_array()
        .expect("e")
        .iter()
        .filter(|e| e["action"] == "download")
        .collect();
    assert_eq!(downloads.len(), 2);
    assert_eq!(downloads[0]["ticket"], number.replace('-', ""));
}
