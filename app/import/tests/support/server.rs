//! The local ARM server: requests, faults, paging and Resource Graph answers.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

/// A fault on the first request (or every request) of one path.
#[derive(Debug, Clone)]
pub enum Fault {
    /// 429 with `Retry-After: 1` on the first request.
    ThrottleOnce,
    /// 503 on the first request.
    ServerErrorOnce,
    /// 403 always.
    Forbidden,
    /// A 200 whose body is not JSON.
    Malformed,
    /// Sleeps this long before answering.
    Slow(Duration),
}

#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    /// The query string as sent (percent-encoded), without the `?`.
    pub query: String,
    pub authorization: Option<String>,
    /// The request body (a Resource Graph query), as text.
    pub body: String,
}

/// The Resource Graph query path, lower-cased.
pub const GRAPH: &str = "/providers/microsoft.resourcegraph/resources";

#[derive(Default)]
struct State {
    /// Path (without query) lower-cased → list items.
    lists: HashMap<String, Vec<Value>>,
    /// Path lower-cased → one resource, answered as it is (a GET by id).
    objects: HashMap<String, Value>,
    faults: HashMap<String, Fault>,
    hits: HashMap<String, usize>,
    seen: Vec<Seen>,
    page_size: usize,
}

pub struct Server {
    pub base: String,
    state: Arc<Mutex<State>>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State {
            page_size: 2,
            ..State::default()
        }));
        let st = Arc::clone(&state);
        let b = base.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let st = Arc::clone(&st);
                let b = b.clone();
                std::thread::spawn(move || {
                    let _ = handle(stream, &st, &b);
                });
            }
        });
        Server { base, state }
    }

    pub fn list(&self, path: &str, items: Vec<Value>) {
        self.state
            .lock()
            .unwrap()
            .lists
            .insert(path.to_ascii_lowercase(), items);
    }

    /// One resource served at its id (ARM's `GET {id}`), not as a list.
    pub fn object(&self, path: &str, body: Value) {
        self.state
            .lock()
            .unwrap()
            .objects
            .insert(path.to_ascii_lowercase(), body);
    }

    pub fn fault(&self, path: &str, fault: Fault) {
        self.state
            .lock()
            .unwrap()
            .faults
            .insert(path.to_ascii_lowercase(), fault);
    }

    /// The rows every Resource Graph query gets (the server does not run KQL).
    pub fn graph(&self, rows: Vec<Value>) {
        self.list(GRAPH, rows);
    }

    pub fn page_size(&self, n: usize) {
        self.state.lock().unwrap().page_size = n;
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    pub fn hits(&self, path: &str) -> usize {
        let st = self.state.lock().unwrap();
        st.hits.get(&path.to_ascii_lowercase()).copied().unwrap_or(0)
    }
}

fn handle(stream: TcpStream, state: &Mutex<State>, base: &str) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or("").to_owned();
        let target = parts.next().unwrap_or("/").to_owned();
        let mut authorization = None;
        let mut length = 0usize;
        loop {
            let mut h = String::new();
            reader.read_line(&mut h)?;
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                if k.eq_ignore_ascii_case("authorization") {
                    authorization = Some(v.trim().to_owned());
                }
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        let key = path.to_ascii_lowercase();
        let (status, extra, text, delay) = {
            let mut st = state.lock().unwrap();
            st.seen.push(Seen {
                method: method.clone(),
                path: path.to_owned(),
                query: query.to_owned(),
                authorization,
                body: String::from_utf8_lossy(&body).into_owned(),
            });
            let hit = {
                let h = st.hits.entry(key.clone()).or_default();
                *h += 1;
                *h
            };
            if method == "POST" && key == GRAPH {
                graph(&st, &key, &body, hit)
            } else {
                respond(&st, &key, path, query, hit, base)
            }
        };
        if let Some(d) = delay {
            std::thread::sleep(d);
        }
        let mut out = stream.try_clone()?;
        let head = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{extra}\r\n",
            text.len()
        );
        if out
            .write_all(head.as_bytes())
            .and_then(|()| out.write_all(text.as_bytes()))
            .is_err()
        {
            return Ok(());
        }
    }
}

/// A Resource Graph answer (objectArray): `data`, `count`, `totalRecords`,
/// `resultTruncated` and, while rows remain, `$skipToken`.
fn graph(st: &State, key: &str, body: &[u8], hit: usize) -> (u16, String, String, Option<Duration>) {
    if let Some(Fault::ThrottleOnce) = st.faults.get(key)
        && hit == 1
    {
        return (
            429,
            "retry-after: 1\r\nx-ms-user-quota-remaining: 0\r\n".into(),
            json!({"error": {"code": "RateLimiting", "message": "Please provide below info when asking for support"}})
                .to_string(),
            None,
        );
    }
    let bad = |m: &str| {
        (
            400,
            String::new(),
            json!({"error": {"code": "BadRequest", "message": m}}).to_string(),
            None,
        )
    };
    let Ok(q) = serde_json::from_slice::<Value>(body) else {
        return bad("the body is not JSON");
    };
    if q["options"]["resultFormat"] != "objectArray" || !q["subscriptions"].is_array() {
        return bad("expected options.resultFormat objectArray and a subscriptions array");
    }
    let rows = st.lists.get(key).cloned().unwrap_or_default();
    let size = st.page_size.max(1);
    let page: usize = match q["options"]["$skipToken"].as_str() {
        None => 0,
        Some(t) => match t.strip_prefix("ew0KICAic2tpcCI6IC").and_then(|p| p.parse().ok()) {
            Some(p) => p,
            None => return bad("invalid $skipToken"),
        },
    };
    let chunk: Vec<Value> = rows.iter().skip(page * size).take(size).cloned().collect();
    let projects_id = q["query"].as_str().is_some_and(|t| t.contains("project id"));
    let more = (page + 1) * size < rows.len();
    let mut out = json!({"totalRecords": rows.len(), "count": chunk.len(), "data": chunk,
                         "facets": [], "resultTruncated": if more && !projects_id { "true" } else { "false" }});
    if more && projects_id {
        out["$skipToken"] = json!(format!("ew0KICAic2tpcCI6IC{}", page + 1));
    }
    (200, String::new(), out.to_string(), None)
}

#[allow(clippy::too_many_lines)]
fn respond(
    st: &State,
    key: &str,
    path: &str,
    query: &str,
    hit: usize,
    base: &str,
) -> (u16, String, String, Option<Duration>) {
    match st.faults.get(key) {
        Some(Fault::ThrottleOnce) if hit == 1 => {
            return (
                429,
                "retry-after: 1\r\n".into(),
                json!({"error": {"code": "TooManyRequests", "message": "slow down"}}).to_string(),
                None,
            );
        }
        Some(Fault::ServerErrorOnce) if hit == 1 => {
            return (
                503,
                String::new(),
                json!({"error": {"code": "ServiceUnavailable"}}).to_string(),
                None,
            );
        }
        Some(Fault::Forbidden) => {
            return (
                403,
                String::new(),
                json!({"error": {"code": "AuthorizationFailed", "message": "The client does not have authorization to perform action 'Microsoft.Cdn/profiles/read'."}})
                    .to_string(),
                None,
            );
        }
        Some(Fault::Malformed) => return (200, String::new(), "{\"value\": [ {\"id\": ".into(), None),
        Some(Fault::Slow(d)) => {
            return (200, String::new(), json!({"value": []}).to_string(), Some(*d));
        }
        _ => {}
    }
    if let Some(o) = st.objects.get(key) {
        return (200, String::new(), o.to_string(), None);
    }
    // Like ARM: a resource group by name, and resource-group-scope lists
    // holding the subscription list's items of that group.
    let parts: Vec<&str> = key.trim_start_matches('/').split('/').collect();
    if let ["subscriptions", sub, "resourcegroups", rg] = parts.as_slice() {
        let groups = st.lists.get(&format!("/subscriptions/{sub}/resourcegroups"));
        let id = format!("/subscriptions/{sub}/resourcegroups/{rg}");
        return match groups.and_then(|g| {
            g.iter()
                .find(|x| x["id"].as_str().is_some_and(|i| i.eq_ignore_ascii_case(&id)))
        }) {
            Some(g) => (200, String::new(), g.to_string(), None),
            None => (
                404,
                String::new(),
                json!({"error": {"code": "ResourceGroupNotFound", "message": format!("Resource group '{rg}' could not be found.")}})
                    .to_string(),
                None,
            ),
        };
    }
    let derived: Vec<Value>;
    let items = if let (None, ["subscriptions", sub, "resourcegroups", rg, "resources"]) =
        (st.lists.get(key), parts.as_slice())
    {
        // The generic resources list of a group: the subscription's, filtered.
        let prefix = format!("/subscriptions/{sub}/resourcegroups/{rg}/");
        derived = st
            .lists
            .get(&format!("/subscriptions/{sub}/resources"))
            .map(|all| {
                all.iter()
                    .filter(|x| {
                        x["id"]
                            .as_str()
                            .is_some_and(|i| i.to_ascii_lowercase().starts_with(&prefix))
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        Some(&derived)
    } else if let (None, ["subscriptions", sub, "resourcegroups", rg, "providers", rest @ ..]) =
        (st.lists.get(key), parts.as_slice())
    {
        let prefix = format!("/subscriptions/{sub}/resourcegroups/{rg}/");
        derived = st
            .lists
            .get(&format!("/subscriptions/{sub}/providers/{}", rest.join("/")))
            .map(|all| {
                all.iter()
                    .filter(|x| {
                        x["id"]
                            .as_str()
                            .is_some_and(|i| i.to_ascii_lowercase().starts_with(&prefix))
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        Some(&derived)
    } else {
        st.lists.get(key)
    };
    let Some(items) = items else {
        if key.starts_with("/subscriptions/") {
            return (200, String::new(), json!({"value": []}).to_string(), None);
        }
        return (
            404,
            String::new(),
            json!({"error": {"code": "NotFound"}}).to_string(),
            None,
        );
    };
    let page: usize = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("page="))
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let size = st.page_size.max(1);
    let chunk: Vec<Value> = items.iter().skip(page * size).take(size).cloned().collect();
    let mut body = json!({ "value": chunk });
    if (page + 1) * size < items.len() {
        let api = query.split('&').find(|kv| kv.starts_with("api-version=")).unwrap_or("");
        body["nextLink"] = json!(format!("{base}{path}?{api}&page={}", page + 1));
    }
    (200, String::new(), body.to_string(), None)
}
