# Sourced by the validator benchmarks: Salesforce stood in for by nginx on loopback, answering chatter/users/me with
# one static body. Needs $out (a work folder) and $stub_port; sets $stub (nginx's pid) for the caller's trap.
start_salesforce_stub() {
  mkdir -p "$out/nginx/services/data/v62.0/chatter/users"
  node -e 'process.stdout.write(JSON.stringify({id:"0056g0000049jc6AAA",email:"support@backflipt.com",isActive:true,userType:"Internal",name:"Backflipt VMware",username:"bfvmw@backflipt.com"}))' \
    > "$out/nginx/services/data/v62.0/chatter/users/me"
  cat > "$out/nginx.conf" <<CONF
worker_processes 1; daemon off; pid $out/nginx.pid; error_log $out/nginx-error.log;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:$stub_port; root $out/nginx; default_type application/json; } }
CONF
  nginx -c "$out/nginx.conf" & stub=$!
}
