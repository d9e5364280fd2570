-- Divs marked {custom-style="…"} become paragraph styles in DOCX (pandoc does
-- that itself); for typst they become calls of the template's functions.
local typst_functions = {
  ["数据来源"] = "source-line",
  ["报头"] = "masthead",
}

local function source_div(el)
  return el and el.t == "Div" and el.attributes["custom-style"] == "数据来源"
end

local function typst_div(el)
  local style = el.attributes["custom-style"]
  if FORMAT ~= "typst" or style == nil or typst_functions[style] == nil then
    return nil
  end
  local out = { pandoc.RawBlock("typst", "#" .. typst_functions[style] .. "[") }
  for _, block in ipairs(el.content) do
    table.insert(out, block)
  end
  table.insert(out, pandoc.RawBlock("typst", "]"))
  return out
end

-- Table cells and the cover title join the characters of a word with WORD
-- JOINER (U+2060) in the Markdown (scripts/nanjiang/documents/words.py). Typst
-- honours it, but would copy it into the PDF's text: there each word becomes
-- an unbreakable box instead. (The DOCX and the HTML drop the joiners and
-- keep the words whole by their layout: nanjiang.documents.docx_cells, html.)
local WJ = "\u{2060}"

local function typst_escape(s)
  return (s:gsub("([^%w\128-\255])", "\\%1"))
end

local function word_boxes(el)
  if not el.text:find(WJ, 1, true) then
    return nil
  end
  -- pieces between joiners; a break is allowed where two pieces meet without
  -- one (two ASCII characters side by side are one word already: a number
  -- such as 100 or a Latin word never breaks inside)
  local out, group, prev = {}, {}, nil
  local function flush()
    if #group > 1 then
      out[#out + 1] = pandoc.RawInline("typst", "#box[" .. typst_escape(table.concat(group)) .. "]")
    elseif #group == 1 then
      out[#out + 1] = pandoc.Str(group[1])
    end
    group = {}
  end
  for c in el.text:gmatch(utf8.charpattern) do
    if c == WJ then
      prev = nil -- glue: the group stays open
    else
      if prev and not (#prev == 1 and #c == 1) then flush() end
      group[#group + 1] = c
      prev = c
    end
  end
  flush()
  return out
end

-- The joiners of the body (table cells) are boxed before pandoc reads it
-- (nanjiang.documents.typstmd: much cheaper than walking the tables here); the cover
-- title comes from the metadata.
local words = { Str = word_boxes }

function Meta(meta)
  if FORMAT ~= "typst" or meta["cover-title"] == nil then return nil end
  meta["cover-title"] = meta["cover-title"]:walk(words)
  return meta
end

-- A table or figure and the 数据来源 lines under it stay together: a short
-- table is one unbreakable block; a long one may break (its header row
-- repeats) and each continuation page names it 续表 2-4 (template: long-table).
local SHORT_TABLE_ROWS = 15

local function body_rows(tbl)
  local n = 0
  for _, body in ipairs(tbl.bodies) do n = n + #body.body end
  return n
end

-- Is there anything for Blocks to do in this list? Most lists (a table
-- cell's, a footnote's) hold neither: they are left as they are, not rebuilt.
local function needs_blocks(blocks)
  for _, el in ipairs(blocks) do
    if el.t == "Table" or el.t == "Figure" or (el.t == "Div" and typst_functions[
        el.attributes["custom-style"]]) then
      return true
    end
  end
  return false
end

function Blocks(blocks)
  if FORMAT ~= "typst" or not needs_blocks(blocks) then return nil end
  local out = pandoc.Blocks({})
  local i = 1
  while i <= #blocks do
    local el = blocks[i]
    if el.t == "Table" or el.t == "Figure" then
      local group = { el }
      local j = i + 1
      while source_div(blocks[j]) do
        table.insert(group, blocks[j])
        j = j + 1
      end
      local open = "#block(breakable: false, width: 100%)["
      if el.t == "Figure" then
        -- a figure floats to the top or foot of a page with its caption and
        -- 数据来源 lines, so no page is left half empty before it
        open = "#figure-float["
      elseif el.t == "Table" and body_rows(el) > SHORT_TABLE_ROWS then
        local caption = pandoc.utils.stringify(el.caption.long)
        local number = caption:match("^表%s*[%w%-]+") or "表"
        open = '#long-table("' .. number .. '")['
      end
      out:insert(pandoc.RawBlock("typst", open))
      for _, b in ipairs(group) do
        local converted = source_div(b) and typst_div(b) or { b }
        for _, c in ipairs(converted) do out:insert(c) end
      end
      out:insert(pandoc.RawBlock("typst", "]"))
      i = j
    else
      -- a 数据来源 Div of its own (under no table or figure)
      for _, c in ipairs(el.t == "Div" and typst_div(el) or { el }) do out:insert(c) end
      i = i + 1
    end
  end
  return out
end

-- A chapter title longer than a line (16 pt in the text width of 146.6 mm:
-- 25 characters) breaks where a typesetter would: after 的/与/和/： or before
-- 及, the break nearest the middle with both lines fitting; the two parts do
-- not break inside (typst: boxes; DOCX: a line break between them, each
-- shorter than a line; no invisible character in the text). So no word is
-- cut and no single character is left on the second line.
local TITLE_CHARS = 25
local BREAK_AFTER = { ["的"] = true, ["与"] = true, ["和"] = true, ["："] = true }
local BREAK_BEFORE = { ["及"] = true }

function Header(el)
  if el.level ~= 1 then return nil end
  local chars = {}
  for _, code in utf8.codes(pandoc.utils.stringify(el.content)) do
    table.insert(chars, utf8.char(code))
  end
  local n = #chars
  if n <= TITLE_CHARS then return nil end
  local best
  for i = 2, n - 2 do -- the break between chars[i] and chars[i + 1]
    if (BREAK_AFTER[chars[i]] or BREAK_BEFORE[chars[i + 1]])
        and i <= TITLE_CHARS and n - i <= TITLE_CHARS
        and (best == nil or math.abs(i - n / 2) < math.abs(best - n / 2)) then
      best = i
    end
  end
  if best == nil then return nil end
  if FORMAT == "typst" then
    el.content = {
      pandoc.RawInline("typst", "#box[" .. typst_escape(table.concat(chars, "", 1, best)) .. "]"),
      pandoc.RawInline("typst", "#box[" .. typst_escape(table.concat(chars, "", best + 1, n)) .. "]"),
    }
  else
    el.content = { pandoc.Str(table.concat(chars, "", 1, best)), pandoc.LineBreak(),
                   pandoc.Str(table.concat(chars, "", best + 1, n)) }
  end
  return el
end

-- One traversal (pandoc runs each table of functions as a walk over the
-- whole document): block elements first (Header), then block lists (Blocks,
-- which turns the 数据来源 Divs into raw typst itself, after grouping them
-- with their table or figure), then Meta.
-- Text for the HTML edition only (::: {.html-only}, e.g. how its numbers show
-- their source): this filter makes the printed editions, so it drops them.
local function html_only(el)
  if el.classes:includes("html-only") then return {} end
  return nil
end

return {
  { Div = html_only },
  { Header = Header, Blocks = Blocks, Meta = Meta },
}
