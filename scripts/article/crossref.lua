--[[
crossref.lua: Quarto-style numbering and cross-references for the pandoc-only preview.

Pass 1 numbers every Div whose id starts with 'fig-' or 'tbl-' in order of appearance
(figures and tables counted separately, as Quarto does) and puts 'Figure N:' / 'Table N:'
in front of its caption. Pass 2 turns '@fig-x' / '[@fig-x]' citations into links
'Figure N' ('-@fig-x' and '[-@fig-x]' give just 'N'). Pass 3 fails the build naming every reference that
did not resolve. Run it before --citeproc so citeproc never sees these keys.
Written for pandoc 2.17 (Lua filters with implicit figures: Para [Image title='fig:']).
]]

local NAMES = { fig = "Figure", tbl = "Table" }
-- Quarto's cross-reference prefixes; only fig and tbl exist in the preview.
local XREF_KINDS = { fig = true, tbl = true, sec = true, eq = true, lst = true, thm = true }
local NBSP = "\u{a0}"

local numbers = {}                 -- label -> { kind = 'fig', n = 1 }
local counters = { fig = 0, tbl = 0 }
local problems = pandoc.List()

local function kind_of(id)
  return id and id:match("^(%a+)%-.")
end

local function label_inlines(kind, n)
  return pandoc.List({ pandoc.Str(NAMES[kind] .. NBSP .. n .. ":"), pandoc.Space() })
end

local function number_figure(div, n)
  for _, block in ipairs(div.content) do
    if block.t == "Para" and #block.content == 1 and block.content[1].t == "Image" then
      local image = block.content[1]
      image.caption = label_inlines("fig", n) .. image.caption
      return div
    end
  end
  -- no image (a draft placeholder): label the first paragraph instead
  for _, block in ipairs(div.content) do
    if block.t == "Para" or block.t == "Plain" then
      block.content = label_inlines("fig", n) .. block.content
      return div
    end
  end
  return div
end

local function number_table(div, n)
  local caption, blocks = nil, pandoc.List()
  for _, block in ipairs(div.content) do
    if block.t == "Div" and block.classes:includes("embed-caption") and caption == nil then
      caption = block.content[1] and block.content[1].content or pandoc.List()
    elseif block.t == "RawBlock" and block.format == "html" then
      -- HTML tables from notebooks become real pandoc tables, so they get a <caption>
      blocks:extend(pandoc.read(block.text, "html").blocks)
    else
      blocks:insert(block)
    end
  end
  caption = label_inlines("tbl", n) .. (caption or pandoc.List())
  for _, block in ipairs(blocks) do
    if block.t == "Table" then
      block.caption.long = pandoc.List({ pandoc.Plain(caption) })
      div.content = blocks
      return div
    end
  end
  -- plain-text table: keep the caption as a paragraph above it
  blocks:insert(1, pandoc.Div({ pandoc.Para(caption) }, pandoc.Attr("", { "embed-caption" })))
  div.content = blocks
  return div
end

local function number_div(div)
  local kind = kind_of(div.identifier)
  if not NAMES[kind] then
    return nil
  end
  if numbers[div.identifier] then
    problems:insert("label '" .. div.identifier .. "' is defined twice")
    return nil
  end
  counters[kind] = counters[kind] + 1
  numbers[div.identifier] = { kind = kind, n = counters[kind] }
  if kind == "fig" then
    return number_figure(div, counters[kind])
  end
  return number_table(div, counters[kind])
end

local function resolve_cite(cite)
  local xrefs = 0
  for _, c in ipairs(cite.citations) do
    if XREF_KINDS[kind_of(c.id) or ""] then
      xrefs = xrefs + 1
    end
  end
  if xrefs == 0 then
    return nil
  end
  if xrefs < #cite.citations then
    problems:insert("'" .. pandoc.utils.stringify(cite.content) ..
      "' mixes cross-references and bibliography citations; write them separately")
    return nil
  end
  local out = pandoc.List()
  for i, c in ipairs(cite.citations) do
    local target = numbers[c.id]
    if target == nil then
      problems:insert("unresolved cross-reference @" .. c.id ..
        " (no embedded figure or table has that label)")
    else
      if i > 1 then
        out:extend({ pandoc.Str(","), pandoc.Space() })
      end
      local text = NAMES[target.kind] .. NBSP .. target.n
      if c.mode == "SuppressAuthor" then
        text = tostring(target.n)
      end
      out:insert(pandoc.Link({ pandoc.Str(text) }, "#" .. c.id, "", pandoc.Attr("", { "quarto-xref" })))
      out:extend(c.suffix)
    end
  end
  return out
end

-- Quarto reads a bare '-@fig-x' as "number only"; pandoc only knows '[-@fig-x]', so the
-- '-' arrives as the end of the preceding Str. Move it into the citation mode.
local function bare_suppress(inlines)
  for i = 1, #inlines - 1 do
    local str, cite = inlines[i], inlines[i + 1]
    if str.t == "Str" and str.text:sub(-1) == "-" and cite.t == "Cite" and #cite.citations == 1
        and XREF_KINDS[kind_of(cite.citations[1].id) or ""] then
      str.text = str.text:sub(1, -2)
      cite.citations[1].mode = "SuppressAuthor"
    end
  end
  return inlines
end

local function report(doc)
  if #problems > 0 then
    error("crossref.lua: " .. table.concat(problems, "; "), 0)
  end
  return nil
end

-- Divs are visited in document order (embeds are never nested), so numbers follow the text.
return { { Div = number_div }, { Inlines = bare_suppress }, { Cite = resolve_cite }, { Pandoc = report } }
