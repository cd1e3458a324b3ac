"""Office and PDF files as formats, knowing no feature of thidua.

What a file really is (`kinds`), its XML parsed one safe way (`xml`), the parts of an OOXML
package and their relationships (`parts`, `package`), workbooks opened safely and scanned
(`sheets`), the identity our own files carry (`identity`), the NĐ 30 page in python-docx
(`layout`), and LibreOffice, the one program we start (`libreoffice`). Every layer above
uses these; nothing here imports from them.
"""
