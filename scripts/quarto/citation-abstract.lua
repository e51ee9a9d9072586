--[[
citation-abstract.lua: Quarto post-render script (run by Quarto with its own pandoc, no other
tool needed). Puts the abstract as the reader sees it into <meta name="citation_abstract">.

A manuscript writes Google Scholar tags into the article's <head>; Quarto takes the abstract for
them from the document's YAML as written, before any shortcode is resolved
(src/quarto-core/attribution/document.ts in quarto-cli), so the tag would carry the abstract's
`{{< var ... >}}` shortcodes instead of their values. The rendered abstract (div.abstract) has
the values; this script copies its text into the tag of every HTML file of the render that has
such a tag with a shortcode in it, and fails the render if it finds no rendered abstract.
]]

local ENTITIES = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;" }
local META = '<meta name="citation_abstract" content="([^"]*)">'

--- The HTML of the first <div class="abstract"> in `html` (up to its matching </div>), or nil.
local function abstract_div(html)
  local start = html:find('<div class="abstract">', 1, true)
  local depth, at = 0, start
  while at do
    local tag_start, tag_end, closing = html:find("<(/?)div[%s>]", at)
    if not tag_start then
      return nil
    end
    depth = depth + (closing == "/" and -1 or 1)
    if depth == 0 then
      return html:sub(start, html:find(">", tag_end, true))
    end
    at = tag_end
  end
  return nil
end

--- The plain text of the rendered abstract, without its "Abstract" title; nil if there is none.
local function rendered_abstract(html)
  local div = abstract_div(html)
  if not div then
    return nil
  end
  local blocks = pandoc.read(div, "html").blocks:walk({
    Div = function(block)
      if block.classes:includes("block-title") then
        return {}
      end
    end,
  })
  local text = pandoc.write(pandoc.Pandoc(blocks), "plain", { wrap_text = "none" })
  return (text:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

local function fix(path)
  local file = assert(io.open(path, "r"))
  local html = file:read("a")
  file:close()
  local first, last, content = html:find(META)
  if not first or not content:find("{{", 1, true) then
    return
  end
  local abstract = rendered_abstract(html)
  if not abstract or abstract == "" then
    error("citation-abstract.lua: " .. path .. ": <meta name=\"citation_abstract\"> holds a shortcode and "
      .. "the page has no rendered abstract (div.abstract) to take the text from", 0)
  end
  local tag = '<meta name="citation_abstract" content="' .. abstract:gsub('[&<>"]', ENTITIES) .. '">'
  file = assert(io.open(path, "w"))
  file:write(html:sub(1, first - 1), tag, html:sub(last + 1))
  file:close()
end

--- The render's output files, one a line: Quarto passes them in QUARTO_PROJECT_OUTPUT_FILES, or
--- in the file named by QUARTO_USE_FILE_FOR_PROJECT_OUTPUT_FILES when the user set that.
local function output_files()
  local list_file = os.getenv("QUARTO_USE_FILE_FOR_PROJECT_OUTPUT_FILES")
  if list_file then
    local file = assert(io.open(list_file, "r"))
    local text = file:read("a")
    file:close()
    return text
  end
  return os.getenv("QUARTO_PROJECT_OUTPUT_FILES") or ""
end

for path in output_files():gmatch("[^\n]+") do
  if path:match("%.html$") then
    fix(path)
  end
end
