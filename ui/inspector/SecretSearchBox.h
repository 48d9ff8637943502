#pragma once

#include <QGroupBox>

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace gatehouse::core::crack {
class SecretSearchJob;
struct SearchResult;
} // namespace gatehouse::core::crack

namespace gatehouse::ui {

// The weak-secret search for an HS* JWT or a Flask session cookie: the bundled dictionary and/or a user
// wordlist, on worker threads, with a progress bar and cancel. The secret found is shown (it is the
// point of the exercise) but never logged.
class SecretSearchBox : public QGroupBox
{
    Q_OBJECT
public:
    explicit SecretSearchBox(QWidget* parent = nullptr);
    ~SecretSearchBox() override;

    // The token or cookie to search; empty disables the box. `explain` says why when it cannot be searched.
    void setTarget(const QByteArray& text, const QString& explain = {});
    bool isRunning() const;

Q_SIGNALS:
    void secretFound(const QByteArray& secret);
    void searchFinished(bool found);

private:
    void start();
    void cancel();
    void browse();
    void finished(bool ok, const core::crack::SearchResult& result, const QString& error);

    QByteArray m_target;
    core::crack::SecretSearchJob* m_job = nullptr;
    QCheckBox* m_bundled = nullptr;
    QLineEdit* m_wordlist = nullptr;
    QPushButton* m_browse = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_result = nullptr;
};

} // namespace gatehouse::ui
