-- Prosody for the chat fan-out comparison (bench/run compare): loopback only, anonymous logins, one multi-user
-- chat service, no rate limits (Salon's are lifted for the benchmark too), no history sent to joiners.
-- @RUN@ and @PORT@ are filled in by bench/run.
run_as_root = true
pidfile = "@RUN@/prosody.pid"
data_path = "@RUN@/data"
log = { info = "@RUN@/prosody.log" }
interfaces = { "127.0.0.1" }
c2s_ports = { @PORT@ }
s2s_ports = { }
http_ports = { }
https_ports = { }
c2s_require_encryption = false
modules_enabled = { "disco", "saslauth", "ping" }
modules_disabled = { "s2s", "limits", "admin_shell", "posix" }

VirtualHost "bench.localhost"
    authentication = "anonymous"

Component "conference.bench.localhost" "muc"
    muc_room_locking = false
    muc_room_default_history_length = 0
    muc_tombstones = false
