// The original write-up's define-auth-challenge handler, run as a bare custom runtime loop (no Lambda RIC is
// available here), for comparison under the same emulator as our bootstrap.
const api = `http://${process.env.AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation`;

const handler = async (event) => {
  if (!event.request.session || event.request.session.length === 0) {
    event.response.challengeName = "CUSTOM_CHALLENGE";
    event.response.failAuthentication = false;
    event.response.issueTokens = false;
  } else {
    const last = event.request.session[event.request.session.length - 1];
    if (last.challengeResult === true) {
      event.response.issueTokens = true;
      event.response.failAuthentication = false;
    } else {
      event.response.challengeName = "CUSTOM_CHALLENGE";
      event.response.failAuthentication = false;
    }
  }
  return event;
};

for (;;) {
  const next = await fetch(`${api}/next`);
  const id = next.headers.get("lambda-runtime-aws-request-id");
  const result = await handler(await next.json());
  await fetch(`${api}/${id}/response`, { method: "POST", body: JSON.stringify(result) });
}
