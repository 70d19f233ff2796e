# Wraps the text file IN as a C++ raw string literal in OUT.
file(READ "${IN}" text)
file(WRITE "${OUT}.tmp" "R\"medoffice_text(${text})medoffice_text\"\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
