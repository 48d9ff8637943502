#include "inspector/JsonEdit.h"

#include "json/StrictJson.h"

#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTimer>
#include <QVBoxLayout>

namespace gatehouse::ui {

using core::json::JsonIssue;
using core::json::StrictJson;

namespace {

// 1-based line and column (in characters) of a byte offset into UTF-8 text.
QPair<int, int> lineColumn(const QByteArray& utf8, qsizetype offset)
{
    const QByteArray before = utf8.left(std::clamp<qsizetype>(offset, 0, utf8.size()));
    const qsizetype lineStart = before.lastIndexOf('\n') + 1;
    return {int(before.count('\n')) + 1, int(QString::fromUtf8(before.mid(lineStart)).size()) + 1};
}

} // namespace

JsonEdit::JsonEdit(const QString& prefix, const QString& root, const QString& accessibleName, QWidget* parent)
    : QWidget(parent), m_root(root)
{
    setObjectName(prefix + QStringLiteral("JsonEdit"));
    m_edit = new QPlainTextEdit(this);
    m_edit->setObjectName(prefix + QStringLiteral("PlainTextEdit"));
    m_edit->setAccessibleName(accessibleName);
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setTabChangesFocus(true);
    m_edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_edit->setMinimumHeight(72);
    m_error = new QLabel(this);
    m_error->setObjectName(prefix + QStringLiteral("ErrorLabel"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setAccessibleName(tr("%1 problems").arg(accessibleName));
    m_delay = new QTimer(this);
    m_delay->setSingleShot(true);
    m_delay->setInterval(150);
    connect(m_edit, &QPlainTextEdit::textChanged, m_delay, qOverload<>(&QTimer::start));
    connect(m_delay, &QTimer::timeout, this, &JsonEdit::validate);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_error);
    validate();
}

QString JsonEdit::text() const
{
    return m_edit->toPlainText();
}

void JsonEdit::setText(const QString& text)
{
    m_edit->setPlainText(text);
    validate();
}

QString JsonEdit::problem() const
{
    return m_error->text();
}

void JsonEdit::validate()
{
    m_delay->stop();
    const QByteArray utf8 = m_edit->toPlainText().toUtf8();
    StrictJson::Options options;
    options.rootPath = m_root;
    m_doc = StrictJson::parse(utf8, options);
    QString problem;
    const JsonIssue* first = nullptr;
    for (const JsonIssue& issue : m_doc.issues()) {
        if (issue.isError()) {
            first = &issue;
            break;
        }
    }
    if (utf8.trimmed().isEmpty()) {
        problem = tr("Empty: write a JSON object such as {}.");
    } else if (first) {
        const auto [line, column] = lineColumn(utf8, first->offset);
        const int more = int(std::count_if(m_doc.issues().cbegin(), m_doc.issues().cend(),
                                           [](const JsonIssue& i) { return i.isError(); })) -
                         1;
        problem = first->path.isEmpty()
                      ? tr("Line %1, column %2: %3").arg(line).arg(column).arg(first->message)
                      : tr("Line %1, column %2 (%3): %4").arg(line).arg(column).arg(first->path, first->message);
        if (more > 0)
            problem += QLatin1Char(' ') + tr("(and %n more)", nullptr, more);
    } else if (!m_doc.root().isObject()) {
        problem = tr("The %1 must be a JSON object ({…}).").arg(m_root);
    }
    m_valid = problem.isEmpty();
    m_error->setText(problem);
    m_error->setVisible(!m_valid);
    Q_EMIT validated(m_valid);
}

} // namespace gatehouse::ui
