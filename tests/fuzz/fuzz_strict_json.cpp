// The strict JSON reader on hostile input. Whatever it accepts without errors, QJsonDocument must also
// accept, with the same value (the reader is stricter, never looser). Documented differences: Qt accepts
// duplicates, lone surrogates and bad UTF-8 (we report them), and keeps integers beyond 2^53 only as
// doubles (we keep their text too). The input is wrapped in [ ] for Qt because QJsonDocument wants an
// object or an array at the top.
#include "json/StrictJson.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstddef>
#include <cstdint>

using namespace gatehouse::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char*>(data), qsizetype(size));
    const json::StrictJsonDocument doc = json::StrictJson::parse(text);
    for (const json::JsonIssue& i : doc.issues())
        if (i.code.isEmpty() || i.offset < 0 || i.offset > text.size())
            __builtin_trap();
    if (doc.hasValue())
        (void)doc.toJsonValue();
    if (!doc.isStrictlyValid())
        return 0;
    QJsonParseError err;
    const QJsonDocument qt = QJsonDocument::fromJson("[" + text + "]", &err);
    if (err.error != QJsonParseError::NoError)
        __builtin_trap(); // we accepted something Qt rejects
    const QJsonValue ours = doc.toJsonValue();
    const QJsonValue theirs = qt.array().at(0);
    if (ours.isDouble() && theirs.isDouble()) {
        const double a = ours.toDouble(), b = theirs.toDouble();
        if (!(a == b || (a != a && b != b)))
            __builtin_trap();
    } else if (ours.type() != theirs.type()) {
        __builtin_trap();
    }
    return 0;
}
