# Generates common_passwords.inc from the zxcvbn-ts common password list, a JSON array of ASCII
# strings without quotes or backslashes: one newline-separated string literal (sorted at run time).
# Invoked as: cmake -DSRC=<passwords.json> -DOUT=<file> -P embed_passwords.cmake
file(READ "${SRC}" json)
string(STRIP "${json}" json)
string(REGEX REPLACE "^\\[\"" "" json "${json}")
string(REGEX REPLACE "\"\\]$" "" json "${json}")
string(REPLACE "\",\"" "\n" body "${json}")
string(LENGTH "${body}" size)
if(size LESS 100000)
  message(FATAL_ERROR "embed_passwords: ${SRC} is too small to be the password list")
endif()
file(WRITE "${OUT}.tmp" "// Generated from ${SRC}. Do not edit.\n"
  "const char kCommonPasswords[] = R\"medoffice_pw(${body}\n)medoffice_pw\";\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
