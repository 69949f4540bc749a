//! Answers differential.py's questions with maturin-fix's own parsers, one JSON object per
//! line in, one per line out, so that Python's ast, json and csv modules can judge them.

use std::io::{BufRead, Write};

use maturin_fix::suffix::split_module_name;
use maturin_fix::json::{self, Json};
use maturin_fix::interpreter::pyliteral::{parse_build_time_vars, Value as PyValue};
use maturin_fix::tree::record::{write_row, Record};
use serde_json::{json, Value};

fn main() {
    let stdin = std::io::stdin().lock();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lines() {
        let request: Value =
            serde_json::from_str(&line.expect("read stdin")).expect("JSON request");
        let text = request["text"].as_str().unwrap_or_default();
        let answer = match request["kind"].as_str().expect("kind") {
            "pyliteral" => pyliteral(text),
            "json" => match json::parse(text) {
                Ok(v) => json!({"ok": true, "value": tagged(&v)}),
                Err(e) => json!({"ok": false, "error": e.message}),
            },
            "record" => match Record::parse(text) {
                Ok(r) => {
                    json!({"ok": true, "rows": r.rows.iter().map(|r| &r.fields).collect::<Vec<_>>()})
                }
                Err(e) => json!({"ok": false, "error": e.message}),
            },
            "write_row" => {
                let fields: Vec<String> =
                    serde_json::from_value(request["fields"].clone()).expect("fields");
                let mut out = String::new();
                write_row(&mut out, &fields);
                json!({"text": out})
            }
            "split" => match split_module_name(text) {
                Some((stem, suffix)) => json!({"stem": stem, "suffix": suffix}),
                None => Value::Null,
            },
            other => panic!("unknown kind {other}"),
        };
        serde_json::to_writer(&mut stdout, &answer).expect("write");
        stdout.write_all(b"\n").expect("write");
        stdout.flush().expect("flush");
    }
}

fn pyliteral(text: &str) -> Value {
    match parse_build_time_vars(text) {
        Ok(entries) => {
            let entries: Vec<Value> = entries
                .iter()
                .map(|e| match &e.value {
                    PyValue::Str(s) => json!([e.key, "str", s]),
                    PyValue::Int(i) => json!([e.key, "int", i]),
                    PyValue::Constant(c) => json!([e.key, "const", c]),
                })
                .collect();
            json!({"ok": true, "entries": entries})
        }
        Err(e) => json!({"ok": false, "error": e.message}),
    }
}

fn tagged(v: &Json) -> Value {
    match v {
        Json::Null => json!({"t": "null"}),
        Json::Bool(b) => json!({"t": "bool", "v": b}),
        Json::Number(n) => json!({"t": "num", "v": n}),
        Json::String(s) => json!({"t": "str", "v": s}),
        Json::Array(items) => {
            json!({"t": "arr", "v": items.iter().map(tagged).collect::<Vec<_>>()})
        }
        Json::Object(members) => {
            json!({"t": "obj", "v": members.iter().map(|(k, v)| json!([k, tagged(v)])).collect::<Vec<_>>()})
        }
    }
}
