// The search page: Pagefind's index (pagefind/pagefind.js, made by `minutebook build`) searched
// as the reader types, one result for each agenda item found. The words, filters and order are
// kept in the page's address (?q=&organisation=&represented=&topic=&year=&sort=), so a search
// can be bookmarked and shared. Without this script the page offers the browse routes instead.

const form = document.getElementById("search-form");
const section = document.getElementById("search-results");
const status = document.getElementById("search-status");
const list = document.getElementById("search-list");
const more = document.getElementById("search-more");
const words = document.getElementById("search-words");
const FILTERS = ["organisation", "represented", "topic", "year"];
const PAGE = 10; // meetings whose results are shown at a time: each costs a download

let pagefind = null;
// Pagefind is loaded (its script, WebAssembly and the index's metadata) as the page opens,
// not when the reader has typed: the first results then come as fast as the next ones.
const loading = load();

async function load() {
  try {
    const module = await import(form.dataset.bundle);
    // The results' addresses are written whole (with base_url's path): nothing to prefix.
    await module.options({ baseUrl: "/", excerptLength: 24 });
    await module.init();
    return module;
  } catch {
    return null;
  }
}
let results = [];
let shown = 0;
let latest = 0; // the last search asked for: an older one's answer is dropped

function selectOf(name) {
  return form.elements.namedItem(name);
}

// The form's state from the address, once, when the page opens (or on Back/Forward).
function readAddress() {
  const params = new URLSearchParams(window.location.search);
  words.value = params.get("q") || "";
  for (const name of [...FILTERS, "sort"]) {
    const select = selectOf(name);
    const wanted = params.get(name);
    const known = [...select.options].some((option) => option.value === wanted);
    select.value = known ? wanted : select.options[0].value;
  }
}

// The address from the form's state, without adding a history entry for each key typed.
function writeAddress() {
  const params = new URLSearchParams();
  if (words.value.trim()) params.set("q", words.value.trim());
  for (const name of FILTERS) {
    if (selectOf(name).value) params.set(name, selectOf(name).value);
  }
  if (selectOf("sort").value !== "date") params.set("sort", selectOf("sort").value);
  const query = params.toString();
  const address = window.location.pathname + (query ? `?${query}` : "");
  window.history.replaceState(null, "", address);
}

function chosenFilters() {
  const filters = {};
  for (const name of FILTERS) {
    const option = selectOf(name).selectedOptions[0];
    if (option && option.value) filters[name] = option.dataset.name || option.value;
  }
  return filters;
}

function countText(n) {
  const pattern = n === 1 ? section.dataset.countOne : section.dataset.countOther;
  return pattern.replace("{n}", String(n));
}

// Pagefind's excerpt marks the words found with <mark>; anything else in it is shown as text.
function excerptNodes(excerpt) {
  const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html");
  const nodes = [];
  for (const node of parsed.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(node.textContent));
    }
  }
  return nodes;
}

function resultItem(meeting, sub) {
  const isItem = sub.url.includes("#");
  const li = document.createElement("li");
  const heading = document.createElement("h3");
  const link = document.createElement("a");
  link.href = sub.url;
  link.textContent = isItem ? sub.title : meeting.meta.meeting || meeting.meta.title;
  heading.append(link);
  const about = document.createElement("p");
  about.className = "meta";
  about.textContent = [meeting.meta.meeting, meeting.meta.date, meeting.meta.organisation]
    .filter(Boolean)
    .join(" · ");
  const excerpt = document.createElement("p");
  excerpt.append(...excerptNodes(sub.excerpt || meeting.excerpt || ""));
  li.append(heading, about, excerpt);
  return li;
}

async function showMore(searchNumber) {
  const next = results.slice(shown, shown + PAGE);
  const meetings = await Promise.all(next.map((result) => result.data()));
  if (searchNumber !== latest) return;
  for (const meeting of meetings) {
    const subs = meeting.sub_results && meeting.sub_results.length
      ? meeting.sub_results
      : [{ url: meeting.url, title: meeting.meta.title, excerpt: meeting.excerpt }];
    for (const sub of subs) list.append(resultItem(meeting, sub));
  }
  shown += next.length;
  more.hidden = shown >= results.length;
}

async function search() {
  const searchNumber = ++latest;
  writeAddress();
  const query = words.value.trim();
  const filters = chosenFilters();
  if (!query && Object.keys(filters).length === 0) {
    section.hidden = true;
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  section.hidden = false;
  status.textContent = section.dataset.searching;
  pagefind = await loading;
  if (pagefind === null) {
    // No index to load (opened from a file, or a site built without it): say so.
    status.textContent = section.dataset.unavailable;
    return;
  }
  const sort = selectOf("sort").value === "date" ? { date: "desc" } : undefined;
  const found = await pagefind.debouncedSearch(query || null, { filters, sort }, 60);
  if (found === null || searchNumber !== latest) return; // a newer search replaced it
  results = found.results;
  shown = 0;
  list.replaceChildren();
  await showMore(searchNumber);
  if (searchNumber !== latest) return;
  status.textContent = results.length ? countText(results.length) : section.dataset.none;
}

document.getElementById("search-no-script").hidden = true;
readAddress();
form.addEventListener("submit", (event) => {
  event.preventDefault(); // results come in place; the address keeps the search
  search();
});
words.addEventListener("input", () => search());
for (const name of [...FILTERS, "sort"]) {
  selectOf(name).addEventListener("change", () => search());
}
more.addEventListener("click", async () => {
  const first = list.children.length;
  await showMore(latest);
  // Keyboard users go on from the first new result, not back to the top.
  const link = list.children[first] && list.children[first].querySelector("a");
  if (link) link.focus();
});
window.addEventListener("popstate", () => {
  readAddress();
  search();
});
search();
