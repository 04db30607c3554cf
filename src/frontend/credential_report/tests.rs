use super::*;
use crate::frontend::Frontend;
use crate::model::{LastUsed, SECOND, parse_time};

const HEADER: &str = "user,arn,user_creation_time,password_enabled,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date";

fn file(name: &str, text: &str) -> FileText {
    FileText {
        path: format!("/nonexistent-keylint-test/{name}").into(),
        name: name.to_owned(),
        text: text.to_owned(),
    }
}

fn analyse(text: &str) -> Analysis {
    let options = crate::frontend::FrontendOptions::default();
    let boundary = crate::paths::Boundary::of_scan(&[]);
    let ctx = Context::without_directories(&options, 1 << 20, boundary);
    CredentialReport.analyse(Unit::File(file("report.csv", text)), &ctx)
}

fn report(rows: &[&str]) -> Model {
    let text = format!("{HEADER}\n{}\n", rows.join("\n"));
    let analysis = analyse(&text);
    assert!(analysis.errors.is_empty(), "{:?}", analysis.errors);
    analysis.model
}

fn error(text: &str) -> (usize, usize, String) {
    let analysis = analyse(text);
    let e = &analysis.errors[0];
    let p = e.position.unwrap();
    (p.line, p.column, e.message.clone())
}

#[test]
fn reports_are_recognised_by_content() {
    let f = CredentialReport;
    assert!(f.recognises(&format!("\u{feff}{HEADER}\r\n")));
    assert!(f.recognises("\"user\",\"arn\",\"access_key_1_active\"\n"));
    assert!(f.recognises(r#"{"Content": "dXNlcg==", "ReportFormat": "text/csv"}"#));
    assert!(!f.recognises("user,arn,created\n"));
    assert!(!f.recognises(r#"{"Content": "x"}"#));
}

#[test]
fn keys_that_exist_are_recorded_with_their_times() {
    let model = report(&[
        "\"smith, j\",arn:aws:iam::123456789012:user/smith,2024-01-01T00:00:00Z,TRUE,True,2024-01-01T00:00:05+00:00,no_information,FALSE,2023-01-01T00:00:00Z,N/A",
        "nokeys,arn:aws:iam::123456789012:user/nokeys,2024-01-01T00:00:00Z,false,false,N/A,N/A,false,N/A,N/A",
    ]);
    let records: Vec<_> = model
        .key_records
        .iter()
        .map(|r| {
            let address = model.decl(r.decl).address.clone();
            (address, r.user.key.clone(), r.active, r.last_used)
        })
        .collect();
    assert_eq!(
        records,
        [
            (
                "smith, j/access_key_1".to_owned(),
                "name:smith, j@account:123456789012".to_owned(),
                true,
                LastUsed::Unknown
            ),
            (
                "smith, j/access_key_2".to_owned(),
                "name:smith, j@account:123456789012".to_owned(),
                false,
                LastUsed::Never
            ),
        ]
    );
    let first = &model.key_records[0];
    assert_eq!(
        first.created.unwrap() - first.user_created.unwrap(),
        5 * SECOND
    );
    assert_eq!(first.password_enabled, Some(true));
    // Located at the `access_key_1_active` field.
    let location = &model.decl(first.decl).location;
    assert_eq!((location.start().line, location.start().column), (2, 75));
}

#[test]
fn the_json_response_is_decoded_and_its_time_is_the_default_as_of() {
    let csv = format!(
        "{HEADER}\nci,arn:aws:iam::123456789012:user/ci,2024-01-01T00:00:00Z,false,true,2024-01-01T00:00:00Z,2024-04-17T00:00:00Z,false,N/A,N/A\n"
    );
    let content = base64::engine::general_purpose::STANDARD.encode(csv);
    // `\/` is how some JSON writers spell the base64 `/`: still read.
    let escaped = content.replace('/', "\\/");
    for content in [content, escaped] {
        let json = format!(
            "{{\n  \"Content\": \"{content}\",\n  \"ReportFormat\": \"text/csv\",\n  \"GeneratedTime\": \"2024-06-01T00:00:00+00:00\"\n}}\n"
        );
        let options = crate::frontend::FrontendOptions::default();
        let ctx =
            Context::without_directories(&options, 1 << 20, crate::paths::Boundary::of_scan(&[]));
        let analysis = CredentialReport.analyse(Unit::File(file("report.json", &json)), &ctx);
        assert!(analysis.errors.is_empty(), "{:?}", analysis.errors);
        let model = analysis.model;
        assert_eq!(model.recorded_at, parse_time("2024-06-01T00:00:00Z").ok());
        // Every place is the `Content` value, on line 2 of the file.
        let location = &model.decl(model.key_records[0].decl).location;
        assert_eq!(location.start().line, 2);
        assert_eq!(location.source.name, "report.json");
    }
}

#[test]
fn malformed_reports_are_errors_at_the_place() {
    let row = "ci,arn:aws:iam::123456789012:user/ci,2024-01-01T00:00:00Z,false,true,2024-01-01T00:00:00Z,N/A,false,N/A,N/A";
    assert_eq!(
        error(&format!(
            "{}\n{row}\n",
            HEADER.replace(",access_key_2_active", "")
        ))
        .2,
        "the credential report has no `access_key_2_active` column"
    );
    assert_eq!(
        error(&format!("{HEADER}\nci,arn,2024-01-01T00:00:00Z\n")),
        (2, 1, "this row has 3 fields, the header 10".to_owned())
    );
    assert_eq!(
        error(&format!("{HEADER}\n{}\n", row.replacen("2024-01-01T00:00:00Z", "2024-01-01 00:00:00", 1))),
        (
            2,
            38,
            "user_creation_time: not an RFC 3339 time (the 'offset hour' component could not be parsed)".to_owned()
        )
    );
    assert_eq!(
        error(&format!("{HEADER}\n{}\n", row.replacen("true", "yes", 1))).2,
        "access_key_1_active: expected `true` or `false`, found `yes`"
    );
    assert_eq!(
        error(&format!("{HEADER}\n\"ci,\n")).2,
        "a quoted field is never closed"
    );
    assert_eq!(error("").2, "the credential report is empty");
}
