#pragma once

#include "json/StrictJsonDocument.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTimer;

namespace gatehouse::ui {

// A JSON object editor checked by core's strict reader as the person types (debounced): the first problem
// is shown inline under the text with its line, column and path ("line 3, column 9 (payload.sub):
// duplicate member name"), never in a dialog. Object names: <prefix>PlainTextEdit, <prefix>ErrorLabel.
class JsonEdit : public QWidget
{
    Q_OBJECT
public:
    // `root` prefixes issue paths ("header", "payload").
    JsonEdit(const QString& prefix, const QString& root, const QString& accessibleName, QWidget* parent = nullptr);

    QString text() const;
    void setText(const QString& text);
    // Checks now (tests and Sign do not wait for the debounce).
    void validate();
    // True when the text is one JSON object without errors (warnings allowed).
    bool isValidObject() const { return m_valid; }
    QString problem() const;
    const core::json::StrictJsonDocument& document() const { return m_doc; }
    QPlainTextEdit* editor() const { return m_edit; }

Q_SIGNALS:
    void validated(bool valid);

private:
    QString m_root;
    QPlainTextEdit* m_edit = nullptr;
    QLabel* m_error = nullptr;
    QTimer* m_delay = nullptr;
    core::json::StrictJsonDocument m_doc;
    bool m_valid = false;
};

} // namespace gatehouse::ui
