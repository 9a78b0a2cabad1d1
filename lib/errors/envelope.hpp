// Reads ArangoDB's error envelope ({"error":true,"errorNum":N,"errorMessage":"..."}) from a
// response body with a SAX pass: no DOM.
#pragma once

#include <arango/http.hpp>

namespace arango::detail {
/// Sets response.is_success, and error_code / error_message when the body is an error envelope.
void classify_response(Response& response);
}  // namespace arango::detail
