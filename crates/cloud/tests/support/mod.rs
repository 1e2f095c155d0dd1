//! A moto server on 127.0.0.1 for the tests: started on a free port, stopped on drop.
//!
//! Shared by this crate's tests and the app's `tests/cloud_cli.rs` (which includes this file by
//! path), so there is one way to find, start and wait for the server.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use statecraft_cloud::{ConnectOptions, StaticCredentials};

/// The region the tests use; moto serves any.
pub const REGION: &str = "eu-west-1";
/// The role ARN the tests publish with; moto does not check it.
pub const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/statecraft-test";

/// A running `moto_server`, killed when dropped.
pub struct Moto {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub endpoint: String,
}

impl Moto {
    /// Starts moto from the project's `.venv` with its Step Functions interpreter on. Panics with
    /// what to do when the venv is missing: these tests must not pass without running.
    pub fn start() -> Moto {
        Self::start_with_env(&[])
    }

    /// Starts moto with extra environment variables (moto's own settings).
    pub fn start_with_env(env: &[(&str, &str)]) -> Moto {
        // The venv is at the repository root: this crate's manifest folder or one above it.
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let exe = manifest_dir
            .ancestors()
            .map(|dir| dir.join(".venv/bin/moto_server"))
            .find(|exe| exe.exists())
            .unwrap_or_else(|| {
                panic!(
                    "moto's server is not installed in .venv at the repository root (looked from {}): \
                     run scripts/install-test-deps from the repository root (it creates .venv with \
                     moto[server]), then run the tests again",
                    manifest_dir.display()
                )
            });
        let port = free_port();
        let child = Command::new(&exe)
            .args(["-p", &port.to_string(), "-H", "127.0.0.1"])
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", exe.display()));
        let mut moto = Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        moto.wait_until_ready(port);
        moto
    }

    fn wait_until_ready(&mut self, port: u16) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().expect("moto's status") {
                panic!("moto_server exited early ({status}); try `.venv/bin/moto_server -p {port}` by hand");
            }
            // Turning on the interpreter doubles as the readiness check.
            match post(
                port,
                "/moto-api/config",
                r#"{"stepfunctions": {"execute_state_machine": true}}"#,
            ) {
                Ok(response)
                    if response
                        .split(' ')
                        .nth(1)
                        .is_some_and(|code| code.starts_with('2')) =>
                {
                    return
                }
                Ok(response) => panic!("moto refused its configuration: {response}"),
                Err(_) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(100))
                }
                Err(e) => panic!("moto did not answer on port {port} within 60 s: {e}"),
            }
        }
    }

    /// Options that reach this server with dummy credentials (nothing from the environment).
    pub fn options(&self) -> ConnectOptions {
        Self::options_for(&self.endpoint)
    }

    /// Options for any endpoint, with the tests' region and dummy credentials.
    pub fn options_for(endpoint: &str) -> ConnectOptions {
        ConnectOptions {
            region: Some(REGION.into()),
            profile: None,
            endpoint_url: Some(endpoint.to_owned()),
            credentials: Some(StaticCredentials {
                access_key_id: "testing".into(),
                secret_access_key: "testing".into(),
                session_token: None,
            }),
            max_attempts: Some(2),
        }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port on 127.0.0.1 that nothing listens on (bound, then freed).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port on 127.0.0.1")
        .port()
}

fn post(port: u16, path: &str, body: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    Ok(response)
}
