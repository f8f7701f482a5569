// Applies one edit through POST /v1/chat/completions with the official openai package, as Continue, Cline and
// editors do: `node apply.mjs <mode>` with OPENAI_BASE_URL, OPENAI_API_KEY, APPLY_CODE, APPLY_UPDATE in the
// environment; prints one JSON line with what the client saw. mode: complete | stream | refused
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL, apiKey: process.env.OPENAI_API_KEY, maxRetries: 0 });
const mode = process.argv[2];
const content = `<instruction>${process.env.APPLY_INSTRUCTION ?? ""}</instruction>\n`
  + `<code>${process.env.APPLY_CODE}</code>\n<update>${process.env.APPLY_UPDATE}</update>`;
const request = { model: process.env.APPLY_MODEL ?? "morph-v3-fast", messages: [{ role: "user", content }] };

try {
  if (mode === "stream") {
    const stream = await client.chat.completions.create({ ...request, stream: true });
    let text = "";
    let chunks = 0;
    let finish = null;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta?.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    console.log(JSON.stringify({ content: text, chunks, finish }));
  } else {
    const { data, response } = await client.chat.completions.create(request).withResponse();
    console.log(JSON.stringify({
      content: data.choices[0].message.content,
      object: data.object,
      model: data.model,
      finish: data.choices[0].finish_reason,
      engine: response.headers.get("x-apply-engine"),
    }));
  }
} catch (error) {
  console.log(JSON.stringify({ status: error.status ?? null, message: error.message, code: error.code ?? null,
    name: error.constructor.name }));
}
