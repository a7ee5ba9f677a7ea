-- Random searches that the output cache has not seen: words, abbreviations, typos, single letters and many-word
-- queries, mixed at random per request (each wrk thread seeds its own generator). Prints the same BENCH line as
-- wrk-report.lua.
local names = { "hemifacial", "spasm", "multiple", "sclerosis", "amyotrophic", "lateral", "cystic", "fibrosis", "lyme",
  "celiac", "crohns", "disease", "syndrome", "parkinsons", "huntingtons", "epilepsy", "migraine", "lupus", "arthritis",
  "diabetes", "asthma", "anemia", "dystrophy", "muscular", "neuralgia", "trigeminal", "ehlers", "danlos", "marfan",
  "fabry", "gaucher", "wilson", "addison", "cushing", "graves", "hashimoto", "sjogren", "raynaud", "tourette", "narcolepsy" }
local topics = { "diet", "symptoms", "treatment", "sleep", "exercise", "fatigue", "pain", "work", "doctor", "genetics",
  "pregnancy", "support", "travel", "supplements", "triggers", "diagnosis", "tired", "anxiety", "walking", "school" }
local abbreviations = { "hfs", "als", "ms", "cf", "eds", "pku", "cmt", "copd", "ibs", "pots", "sle", "ra", "tn", "cfs" }
local letters = "abcdefghijklmnopqrstuvwxyz"

local function pick(list) return list[math.random(#list)] end

local function typo(word)
  local i = math.random(2, #word)
  local r = math.random(3)
  if r == 1 then return word:sub(1, i - 1) .. word:sub(i + 1) end                          -- a letter dropped
  local c = letters:sub(math.random(26)):sub(1, 1)
  if r == 2 then return word:sub(1, i - 1) .. c .. word:sub(i + 1) end                     -- a letter changed
  return word:sub(1, i) .. c .. word:sub(i + 1)                                            -- a letter added
end

local function query()
  local r = math.random(100)
  if r <= 25 then return pick(names) end
  if r <= 45 then return pick(names) .. " " .. pick(topics) end
  if r <= 60 then return pick(abbreviations) .. " " .. pick(topics) end
  if r <= 70 then return typo(pick(names)) end
  if r <= 80 then return letters:sub(math.random(26)):sub(1, 1) end
  if r <= 88 then return pick(names):sub(1, math.random(2, 5)) end                          -- a prefix, as typed
  local words = {}
  for i = 1, math.random(5, 8) do
    words[i] = (math.random(3) == 1) and letters:sub(math.random(26)):sub(1, 1) or pick(math.random(2) == 1 and names or topics)
  end
  return table.concat(words, " ")
end

local counter = 0
setup = function(thread)
  counter = counter + 1
  thread:set("id", counter)
end

init = function(args)
  math.randomseed(os.time() * 1000 + (id or 0) * 7919)
end

request = function()
  return wrk.format("GET", "/search?q=" .. query():gsub(" ", "%%20"))
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("BENCH rps=%.1f p50=%.3f p95=%.3f p99=%.3f errors=%d non2xx=%d requests=%d\n",
    summary.requests / (summary.duration / 1000000),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, summary.errors.status, summary.requests))
end
