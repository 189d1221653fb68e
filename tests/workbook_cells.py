"""Reads a workbook back as a spreadsheet program would (openpyxl) and prints, as JSON, its sheet's
name and every cell's value, type and number format: what tests/workbook.rs checks cell for cell
against the summary's JSON. A cell's value is openpyxl's, never svf's own reading."""
import json
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
sheet = book.worksheets[0]
rows = []
for row in sheet.iter_rows():
    rows.append([
        {"value": cell.value, "type": cell.data_type, "format": cell.number_format,
         "bold": bool(cell.font and cell.font.b)}
        for cell in row
    ])
print(json.dumps({"sheets": book.sheetnames, "rows": rows}, ensure_ascii=False))
