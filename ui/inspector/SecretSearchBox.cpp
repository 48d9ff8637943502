#include "inspector/SecretSearchBox.h"

#include "crack/CrackTarget.h"
#include "crack/SecretSearch.h"
#include "crack/SecretSearchJob.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>

namespace gatehouse::ui {

using namespace gatehouse::core;

SecretSearchBox::SecretSearchBox(QWidget* parent) : QGroupBox(tr("Weak-secret search"), parent)
{
    setObjectName(QStringLiteral("secretSearchGroupBox"));
    m_job = new crack::SecretSearchJob(this);
    m_bundled = new QCheckBox(tr("Use the &bundled dictionary"), this);
    m_bundled->setObjectName(QStringLiteral("useBundledDictionaryCheckBox"));
    m_bundled->setChecked(true);
    m_wordlist = new QLineEdit(this);
    m_wordlist->setObjectName(QStringLiteral("wordlistLineEdit"));
    m_wordlist->setAccessibleName(tr("Wordlist file"));
    m_wordlist->setPlaceholderText(tr("Your wordlist (optional, one secret per line)"));
    m_browse = new QPushButton(tr("Bro&wse…"), this);
    m_browse->setObjectName(QStringLiteral("browseWordlistPushButton"));
    m_start = new QPushButton(tr("&Search for the secret"), this);
    m_start->setObjectName(QStringLiteral("startSearchPushButton"));
    m_cancel = new QPushButton(tr("&Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelSearchPushButton"));
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("searchProgressBar"));
    m_progress->setAccessibleName(tr("Search progress"));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_result = new QLabel(tr("Attackers try dictionaries of common secrets against HMAC-signed tokens: try it "
                             "first."),
                          this);
    m_result->setObjectName(QStringLiteral("searchResultLabel"));
    m_result->setTextFormat(Qt::PlainText);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    connect(m_start, &QPushButton::clicked, this, &SecretSearchBox::start);
    connect(m_cancel, &QPushButton::clicked, this, &SecretSearchBox::cancel);
    connect(m_browse, &QPushButton::clicked, this, &SecretSearchBox::browse);
    connect(m_job, &crack::SecretSearchJob::progress, this, [this](qint64 tried, qint64 total) {
        if (total > 0)
            m_progress->setValue(int(tried * 1000 / total));
        m_progress->setFormat(tr("%1 of %2").arg(QLocale().toString(tried), QLocale().toString(total)));
    });
    connect(m_job, &crack::SecretSearchJob::finished, this, &SecretSearchBox::finished);

    auto* grid = new QGridLayout(this);
    grid->addWidget(m_bundled, 0, 0, 1, 3);
    grid->addWidget(m_wordlist, 1, 0, 1, 2);
    grid->addWidget(m_browse, 1, 2);
    grid->addWidget(m_progress, 2, 0);
    grid->addWidget(m_start, 2, 1);
    grid->addWidget(m_cancel, 2, 2);
    grid->addWidget(m_result, 3, 0, 1, 3);
    grid->setColumnStretch(0, 1);
    setTarget({});
}

SecretSearchBox::~SecretSearchBox() = default;

void SecretSearchBox::setTarget(const QByteArray& text, const QString& explain)
{
    if (isRunning())
        cancel();
    m_target = text;
    const bool usable = !text.isEmpty();
    m_start->setEnabled(usable);
    m_progress->setValue(0);
    m_progress->resetFormat();
    if (!usable && !explain.isEmpty())
        m_result->setText(explain);
    else if (usable)
        m_result->setText(tr("Attackers try dictionaries of common secrets against HMAC-signed tokens: try it "
                             "first."));
}

bool SecretSearchBox::isRunning() const
{
    return m_job->isRunning();
}

void SecretSearchBox::start()
{
    auto target = crack::CrackTarget::detect(m_target);
    if (!target) {
        m_result->setText(target.error().message);
        return;
    }
    crack::SearchOptions options;
    options.useBundled = m_bundled->isChecked();
    // Read by the search on its worker thread: a wordlist of millions of lines takes far longer than a frame.
    options.wordlistPath = m_wordlist->text().trimmed();
    m_start->setEnabled(false);
    m_cancel->setEnabled(true);
    m_progress->setValue(0);
    m_result->setText(tr("Searching…"));
    m_job->start(target.value(), options);
}

void SecretSearchBox::cancel()
{
    m_job->cancel();
    m_cancel->setEnabled(false);
}

void SecretSearchBox::browse()
{
    auto* dialog = new QFileDialog(this, tr("Choose a wordlist"));
    dialog->setObjectName(QStringLiteral("wordlistFileDialog"));
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, m_wordlist, &QLineEdit::setText);
    dialog->open();
}

void SecretSearchBox::finished(bool ok, const crack::SearchResult& result, const QString& error)
{
    m_start->setEnabled(!m_target.isEmpty());
    m_cancel->setEnabled(false);
    if (!ok) {
        m_result->setText(tr("The search failed: %1").arg(error));
        Q_EMIT searchFinished(false);
        return;
    }
    if (result.found) {
        // A full bar: the search is over. Its text says so rather than repeating the last progress tick.
        m_progress->setValue(1000);
        m_progress->setFormat(tr("Found after %1 candidates").arg(QLocale().toString(result.tried)));
        m_result->setText(tr("Secret found after %1 candidates: %2\nAnyone can forge tokens with it: replace it "
                             "with 32+ random bytes.")
                              .arg(QLocale().toString(result.tried))
                              .arg(QString::fromUtf8(result.secret)));
        Q_EMIT secretFound(result.secret);
    } else if (result.cancelled) {
        m_result->setText(tr("Cancelled after %1 of %2 candidates.")
                              .arg(QLocale().toString(result.tried), QLocale().toString(result.total)));
    } else {
        m_progress->setValue(1000);
        m_progress->setFormat(tr("All %1 tried").arg(QLocale().toString(result.tried)));
        m_result->setText(tr("Not found in %1 candidates (%2 s). That is no proof of strength, only that it is not "
                             "among the common ones.")
                              .arg(QLocale().toString(result.tried))
                              .arg(result.seconds, 0, 'f', 1));
    }
    Q_EMIT searchFinished(result.found);
}

} // namespace gatehouse::ui
