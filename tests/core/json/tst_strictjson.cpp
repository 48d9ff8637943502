#include "json/StrictJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace gatehouse::core::json;

namespace {

// A random JSON value as text; strings mix ASCII, escapes and multi-byte UTF-8.
QByteArray randomJson(QRandomGenerator& rng, int depth)
{
    const int kind = depth > 4 ? int(rng.bounded(5)) : int(rng.bounded(7));
    switch (kind) {
    case 0:
        return "null";
    case 1:
        return rng.bounded(2) ? "true" : "false";
    case 2: {
        switch (rng.bounded(4)) {
        case 0:
            return QByteArray::number(qint64(rng.bounded(2000000000)) - 1000000000);
        case 1:
            return QByteArray::number(rng.generateDouble() * 1e6, 'g', 17);
        case 2:
            return "-0.5e-3";
        default:
            return QByteArray::number(rng.bounded(100));
        }
    }
    case 3:
    case 4: {
        static const char* pieces[] = {"a",
                                       "Z",
                                       " ",
                                       "\\n",
                                       "\\\"",
                                       "\\\\",
                                       "\\/",
                                       "\\u00e9",
                                       "\\ud83d\\ude00",
                                       "\xC3\xA9",
                                       "\xE2\x82\xAC",
                                       "\xF0\x9F\x98\x80",
                                       "\\u0000",
                                       "\\t",
                                       "x1"};
        QByteArray s = "\"";
        const int n = int(rng.bounded(8));
        for (int i = 0; i < n; ++i)
            s += pieces[rng.bounded(int(std::size(pieces)))];
        return s + "\"";
    }
    case 5: {
        QByteArray s = "[";
        const int n = int(rng.bounded(5));
        for (int i = 0; i < n; ++i)
            s += (i ? ", " : "") + randomJson(rng, depth + 1);
        return s + "]";
    }
    default: {
        QByteArray s = "{";
        const int n = int(rng.bounded(5));
        for (int i = 0; i < n; ++i)
            s += (i ? "," : "") + QByteArray("\"k") + QByteArray::number(i) + "\" : " + randomJson(rng, depth + 1);
        return s + "}";
    }
    }
}

} // namespace

class TestStrictJson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void validMatchesQt_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty object") << QByteArray("{}");
        QTest::newRow("empty array") << QByteArray("[]");
        QTest::newRow("flask token") << QByteArray(R"({"user":"alice","exp":1700000000})");
        QTest::newRow("header") << QByteArray(R"({"alg":"HS256","typ":"JWT"})");
        QTest::newRow("nested") << QByteArray(R"( {"a":[1,2,{"b":null}],"c":{"d":true,"e":false}} )");
        QTest::newRow("escapes") << QByteArray("{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"}");
        QTest::newRow("utf8") << QByteArray("{\"s\":\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"}");
        QTest::newRow("numbers") << QByteArray(R"([0,-0,1.5,-2.25e3,1E2,1e-2,123456789012345])");
        QTest::newRow("scalar string") << QByteArray(R"("x")");
        QTest::newRow("scalar number") << QByteArray("42");
        QTest::newRow("whitespace") << QByteArray(" \t\r\n[ 1 ,\n 2 ] \n");
    }
    void validMatchesQt()
    {
        QFETCH(QByteArray, text);
        const auto doc = StrictJson::parse(text);
        QVERIFY2(doc.isStrictlyValid(), doc.issues().isEmpty() ? "" : qPrintable(doc.issues().first().message));
        QJsonParseError err;
        const QJsonDocument qt = QJsonDocument::fromJson("[" + text + "]", &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
        QCOMPARE(doc.toJsonValue(), qt.array().at(0));
    }

    void randomDocumentsMatchQt()
    {
        QRandomGenerator rng(20261126);
        int compared = 0;
        for (int i = 0; i < 2000; ++i) {
            const QByteArray text = randomJson(rng, 0);
            const auto doc = StrictJson::parse(text);
            QVERIFY2(doc.isStrictlyValid(), text.constData());
            QJsonParseError err;
            const QJsonDocument qt = QJsonDocument::fromJson("[" + text + "]", &err);
            QCOMPARE(err.error, QJsonParseError::NoError);
            QCOMPARE(doc.toJsonValue(), qt.array().at(0));
            ++compared;
        }
        qInfo("compared %d random documents with QJsonDocument", compared);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("offset");
        QTest::newRow("empty") << QByteArray("") << "json.syntax"
                               << "" << 0;
        QTest::newRow("only spaces") << QByteArray("   ") << "json.syntax"
                                     << "" << 0;
        QTest::newRow("unterminated object") << QByteArray(R"({"a":1)") << "json.syntax"
                                             << "a" << 6;
        QTest::newRow("trailing comma") << QByteArray(R"({"a":1,})") << "json.syntax"
                                        << "a" << 7;
        QTest::newRow("single quotes") << QByteArray("{'a':1}") << "json.syntax"
                                       << "" << 1;
        QTest::newRow("bare word") << QByteArray("hello") << "json.syntax"
                                   << "" << 0;
        QTest::newRow("leading zero") << QByteArray("[01]") << "json.syntax"
                                      << "[0]" << 2;
        QTest::newRow("plus number") << QByteArray("[+1]") << "json.syntax"
                                     << "[0]" << 1;
        QTest::newRow("dot number") << QByteArray("[1.]") << "json.syntax"
                                    << "[0]" << 3;
        QTest::newRow("NaN") << QByteArray("[NaN]") << "json.syntax"
                             << "[0]" << 1;
        QTest::newRow("unterminated string") << QByteArray("{\"a\":\"xyz") << "json.syntax"
                                             << "a" << 5;
        QTest::newRow("duplicate") << QByteArray(R"({"sub":"a","sub":"b"})") << "json.duplicate_key"
                                   << "sub" << 11;
        QTest::newRow("nested duplicate") << QByteArray(R"({"x":{"a":1,"a":2}})") << "json.duplicate_key"
                                          << "x.a" << 12;
        QTest::newRow("escaped duplicate") << QByteArray("{\"a\":1,\"\\u0061\":2}") << "json.duplicate_key"
                                           << "a" << 7;
        QTest::newRow("invalid escape") << QByteArray("{\"a\":\"\\x41\"}") << "json.invalid_escape"
                                        << "a" << 6;
        QTest::newRow("short \\u") << QByteArray("{\"a\":\"\\u12\"}") << "json.invalid_escape"
                                   << "a" << 6;
        QTest::newRow("lone high surrogate") << QByteArray("[\"\\ud800\"]") << "json.lone_surrogate"
                                             << "[0]" << 2;
        QTest::newRow("lone low surrogate") << QByteArray("[\"\\udc00x\"]") << "json.lone_surrogate"
                                            << "[0]" << 2;
        QTest::newRow("high then non-low") << QByteArray("[\"\\ud800\\u0041\"]") << "json.lone_surrogate"
                                           << "[0]" << 2;
        QTest::newRow("overlong") << QByteArray("[\"\xC0\xAF\"]") << "json.invalid_utf8"
                                  << "[0]" << 2;
        QTest::newRow("overlong 3") << QByteArray("[\"\xE0\x80\xAF\"]") << "json.invalid_utf8"
                                    << "[0]" << 2;
        QTest::newRow("utf8 surrogate") << QByteArray("[\"\xED\xA0\x80\"]") << "json.invalid_utf8"
                                        << "[0]" << 2;
        QTest::newRow("beyond 10FFFF") << QByteArray("[\"\xF4\x90\x80\x80\"]") << "json.invalid_utf8"
                                       << "[0]" << 2;
        QTest::newRow("truncated") << QByteArray("[\"\xE2\x82\"]") << "json.invalid_utf8"
                                   << "[0]" << 2;
        QTest::newRow("lone continuation") << QByteArray("[\"a\x80\"]") << "json.invalid_utf8"
                                           << "[0]" << 3;
        QTest::newRow("bad key utf8") << QByteArray("{\"\xFF\":1}") << "json.invalid_utf8"
                                      << "" << 2;
        QTest::newRow("control char") << QByteArray("[\"a\tb\"]") << "json.control_character"
                                      << "[0]" << 3;
        QTest::newRow("newline in string") << QByteArray("{\"k\":\"a\nb\"}") << "json.control_character"
                                           << "k" << 7;
        QTest::newRow("trailing garbage") << QByteArray(R"({"a":1} x)") << "json.trailing"
                                          << "" << 8;
        QTest::newRow("two documents") << QByteArray(R"({}{})") << "json.trailing"
                                       << "" << 2;
        QTest::newRow("utf8 outside string") << QByteArray("[\xC3\xA9]") << "json.syntax"
                                             << "[0]" << 1;
        QTest::newRow("huge number") << QByteArray("[1e999]") << "json.number_range"
                                     << "[0]" << 1;
        QTest::newRow("deep") << QByteArray(65, '[') + QByteArray(65, ']') << "json.depth" << QString() << 64;
    }
    void errors()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, code);
        QFETCH(QString, path);
        QFETCH(int, offset);
        const auto doc = StrictJson::parse(text);
        QVERIFY(!doc.isStrictlyValid());
        const JsonIssue* e = doc.firstError();
        QVERIFY(e);
        QCOMPARE(e->code, code);
        if (code != QLatin1String("json.depth"))
            QCOMPARE(e->path, path);
        QCOMPARE(e->offset, qsizetype(offset));
        QVERIFY(!e->message.isEmpty());
    }

    void duplicateKeepsLastLikeQt()
    {
        const QByteArray text = R"({"sub":"a","sub":"b"})";
        const auto doc = StrictJson::parse(text);
        QVERIFY(doc.hasValue());
        QCOMPARE(doc.root().member("sub").toString(), QStringLiteral("b"));
        QCOMPARE(doc.toJsonObject(), QJsonDocument::fromJson(text).object());
    }

    void rootPathPrefixesIssues()
    {
        StrictJson::Options o;
        o.rootPath = QStringLiteral("payload");
        const auto doc = StrictJson::parse(R"({"sub":1,"sub":2})", o);
        QCOMPARE(doc.firstError()->path, QStringLiteral("payload.sub"));
    }

    // A document parsed in place of someone else's bytes: copies own their bytes and outlive the source;
    // reusing a document for another parse forgets the previous one.
    void borrowedInputCopiesOwnTheirBytes()
    {
        StrictJson::Options o;
        auto* source = new QByteArray(R"({"user":"al\u0069ce","exp":4102444800,"user":1})");
        StrictJsonDocument borrowed;
        StrictJson::parseBorrowing(borrowed, *source, o);
        QCOMPARE(borrowed.root().member("exp").toDouble(), 4102444800.0);
        QCOMPARE(borrowed.issues().size(), 1); // the duplicate
        StrictJsonDocument copy(borrowed);
        StrictJsonDocument assigned;
        assigned = borrowed;
        StrictJsonDocument moved(std::move(borrowed));
        QCOMPARE(moved.root().member("user").toDouble(), 1.0);
        source->fill('x');
        delete source;
        for (const StrictJsonDocument* d : {&copy, &assigned}) {
            QCOMPARE(d->root().member("exp").toDouble(), 4102444800.0);
            QCOMPARE(d->root().firstChild().key(), QByteArrayView("user"));
            QCOMPARE(d->root().firstChild().stringView(), QByteArrayView("alice"));
            QCOMPARE(d->issues().size(), 1);
        }
        StrictJson::parseInto(copy, QByteArray("[true]"), o);
        QVERIFY(copy.root().isArray());
        QCOMPARE(copy.root().size(), 1);
        QVERIFY(copy.issues().isEmpty());
    }

    void sizeCap()
    {
        StrictJson::Options o;
        o.maxSize = 10;
        const auto doc = StrictJson::parse(R"({"aaaaaaaaaa":1})", o);
        QVERIFY(!doc.hasValue());
        QCOMPARE(doc.firstError()->code, QStringLiteral("json.size"));
    }

    void depthCapIsExact()
    {
        const QByteArray ok = QByteArray(64, '[') + QByteArray(64, ']');
        QVERIFY(StrictJson::parse(ok).isStrictlyValid());
        StrictJson::Options o;
        o.maxDepth = 3;
        QVERIFY(StrictJson::parse(R"({"a":{"b":[1]}})", o).isStrictlyValid());
        QCOMPARE(StrictJson::parse(R"({"a":{"b":[[1]]}})", o).firstError()->code, QStringLiteral("json.depth"));
    }

    void bigIntegersKeepTheirText()
    {
        const auto doc = StrictJson::parse(R"({"exp":9007199254740993,"n":12345678901234567890123})");
        QVERIFY(doc.isStrictlyValid()); // precision is a warning, not an error
        QCOMPARE(doc.issues().size(), 2);
        QCOMPARE(doc.issues().first().code, QStringLiteral("json.number_precision"));
        QCOMPARE(doc.issues().first().path, QStringLiteral("exp"));
        QCOMPARE(doc.root().member("exp").numberText(), QByteArrayView("9007199254740993"));
        QCOMPARE(doc.root().member("exp").toDouble(), 9007199254740992.0);
        // 2^53 itself is exact: no warning.
        QVERIFY(StrictJson::parse("[9007199254740992]").issues().isEmpty());
    }

    void invalidInputStillDisplays()
    {
        const auto doc = StrictJson::parse("{\"a\":\"x\\qy\",\"b\":\"\xFF\"}");
        QVERIFY(doc.hasValue());
        QCOMPARE(doc.issues().size(), 2);
        QCOMPARE(doc.root().member("a").toString(), QStringLiteral("x\\qy"));
        QCOMPARE(doc.root().member("b").toString(), QString(QChar(0xFFFD)));
    }

    void accessors()
    {
        const auto doc = StrictJson::parse(R"({"aud":["a","b"],"n":1.5,"t":true,"z":null,"o":{}})");
        const JsonRef r = doc.root();
        QCOMPARE(r.size(), 5);
        QCOMPARE(r.member("aud").size(), 2);
        QCOMPARE(r.member("aud").at(1).toString(), QStringLiteral("b"));
        QCOMPARE(r.at(1).key(), QByteArrayView("n"));
        QCOMPARE(r.member("n").toDouble(), 1.5);
        QVERIFY(r.member("t").toBool());
        QVERIFY(r.member("z").isNull());
        QVERIFY(r.member("o").isObject());
        QVERIFY(!r.member("missing").isValid());
        QCOMPARE(r.member("aud").typeName(), QStringLiteral("array"));
    }
};

QTEST_GUILESS_MAIN(TestStrictJson)
#include "tst_strictjson.moc"
