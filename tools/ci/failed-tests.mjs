// Prints each failed test of the given TRX files with its message and the top of its stack trace, so a CI log whose
// tail is all that is read still says what failed.
import { readFileSync } from "node:fs";

const unescape = (text) =>
  text
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&apos;", "'")
    .replaceAll("&#xD;", "")
    .replaceAll("&#xA;", "\n")
    .replaceAll("&amp;", "&");

const element = (xml, name) => {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return match ? unescape(match[1]).trim() : "";
};

const firstLines = (text, count) => text.split("\n").slice(0, count).map((line) => `      ${line.trim()}`).join("\n");

for (const file of process.argv.slice(2)) {
  const xml = readFileSync(file, "utf8");
  // A result without output is an empty element (<UnitTestResult … />): matched on its own, never as the start of the next.
  for (const result of xml.matchAll(/<UnitTestResult\b([^>]*?)(?:\/>|>([\s\S]*?)<\/UnitTestResult>)/g)) {
    const [, attributes, body = ""] = result;
    if (!/\boutcome="Failed"/.test(attributes)) continue;
    const name = unescape(/\btestName="([^"]*)"/.exec(attributes)?.[1] ?? "(unnamed)");
    console.log(`  FAILED: ${name}`);
    const message = element(body, "Message");
    if (message) console.log(firstLines(message.slice(0, 1500), 12));
    const stack = element(body, "StackTrace");
    if (stack) console.log(firstLines(stack, 6));
  }
}
