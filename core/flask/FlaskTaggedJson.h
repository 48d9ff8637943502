#pragma once

#include "common/Result.h"

#include <QJsonValue>

namespace gatehouse::core::flask {

// Flask's tagged JSON (flask.json.tag.TaggedJSONSerializer), the session cookie's payload format.
// Python types that JSON lacks are written as one-key objects: " t" tuple, " u" UUID (32 hex digits),
// " b" bytes (standard base64), " m" Markup, " d" datetime (HTTP date), " di" a dict whose only key looks
// like a tag (the key gets "__" appended).
//
// Gatehouse's "typed" form makes the Python type visible without losing it: tagged values become
// {"$type": "tuple"|"uuid"|"bytes"|"markup"|"datetime", "value": ...} with tuple -> array,
// uuid -> "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", bytes -> standard base64, markup -> string,
// datetime -> "YYYY-MM-DDTHH:MM:SSZ" (UTC; Flask keeps whole seconds). Everything else is plain JSON.
namespace taggedjson {

// Untags a parsed payload (bottom-up, as Flask's object_hook does). Errors: flask.payload.tag.
Result<QJsonValue> untag(const QJsonValue& tagged);
// The inverse: tags a typed value the way Flask would, so Flask can load it. Errors: flask.payload.tag.
Result<QJsonValue> tag(const QJsonValue& typed);

} // namespace taggedjson

} // namespace gatehouse::core::flask
