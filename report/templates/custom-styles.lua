-- Divs marked {custom-style="…"} become paragraph styles in DOCX (pandoc does
-- that itself); for typst they become calls of the template's functions.
local typst_functions = {
  ["数据来源"] = "source-line",
}

function Div(el)
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
