// What the original write-up's token validator does, as a plain Node.js server: call Salesforce's
// chatter/users/me with the session, parse the answer, reply. (No Cognito call: the benchmark runs our validator
// with the in-memory directory, so neither side pays for a user directory.) For comparison only.
import http from "node:http";

const salesforce = process.env.SALESFORCE_URL;
const port = Number(process.env.PORT);

http.createServer(async (req, res) => {
  let body = "";
  for await (const chunk of req) body += chunk;
  try {
    const { sessionId } = JSON.parse(body);
    const response = await fetch(`${salesforce}/services/data/v62.0/chatter/users/me`, {
      headers: { Authorization: `Bearer ${sessionId}`, "Content-Type": "application/json" },
    });
    if (response.status !== 200) {
      res.writeHead(401, { "Content-Type": "application/json" }).end(JSON.stringify({ error: "invalid" }));
      return;
    }
    const user = await response.json();
    res.writeHead(200, { "Content-Type": "application/json" })
      .end(JSON.stringify({ username: `sf_${user.id}`, email: user.email, created: false }));
  } catch (error) {
    res.writeHead(500).end();
  }
}).listen(port, "127.0.0.1");
