#include "session/ServerInfoPage.h"

#include <QFont>
#include <QFrame>
#include <QLabel>
#include <QVBoxLayout>

namespace gatehouse::ui {

ServerInfoPage::ServerInfoPage(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("serverInfoPage"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("serverTitleLabel"));
    m_title->setTextFormat(Qt::PlainText);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_title->setFont(big);
    m_lacks = new QLabel(this);
    m_lacks->setObjectName(QStringLiteral("serverLacksLabel"));
    m_lacks->setTextFormat(Qt::PlainText);
    m_lacks->setWordWrap(true);
    m_offers = new QLabel(this);
    m_offers->setObjectName(QStringLiteral("serverOffersLabel"));
    m_offers->setTextFormat(Qt::PlainText);
    m_offers->setWordWrap(true);
    m_noteTitle = new QLabel(tr("The server's protected page says:"), this);
    m_noteTitle->setObjectName(QStringLiteral("serverNoteTitleLabel"));
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("serverNoteLabel"));
    m_note->setAccessibleName(tr("Message from the server"));
    m_note->setTextFormat(Qt::PlainText); // the server's words, never rich text
    m_note->setWordWrap(true);
    m_note->setFrameShape(QFrame::StyledPanel);
    m_note->setMargin(12);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 24, 24, 24);
    layout->addWidget(m_title);
    layout->addWidget(m_lacks);
    layout->addWidget(m_offers);
    layout->addSpacing(12);
    layout->addWidget(m_noteTitle);
    layout->addWidget(m_note);
    layout->addStretch(1);
}

bool ServerInfoPage::isNeededFor(const core::backend::Capabilities& capabilities)
{
    return !capabilities.tasks || !capabilities.products;
}

void ServerInfoPage::setServer(const QString& description, const core::backend::Capabilities& c)
{
    m_title->setText(description);
    QStringList lacks;
    if (!c.tasks)
        lacks.append(tr("tasks"));
    if (!c.products)
        lacks.append(tr("products"));
    if (!c.users)
        lacks.append(tr("user administration"));
    m_lacks->setText(lacks.isEmpty() ? QString()
                                     : tr("This server's API profile has no %1, so there are no tables to show "
                                          "for them.")
                                           .arg(lacks.join(tr(", "))));
    QStringList offers{tr("log in")};
    if (c.registration)
        offers.append(tr("registration"));
    if (c.refresh)
        offers.append(tr("token refresh"));
    if (c.serverLogout)
        offers.append(tr("server-side logout"));
    if (c.tasks)
        offers.append(tr("tasks"));
    if (c.products)
        offers.append(tr("products"));
    if (!c.serverNote.isEmpty())
        offers.append(tr("a protected page"));
    m_offers->setText(tr("What it offers: %1. The Current session tab shows its token, cookies and requests.")
                          .arg(offers.join(tr(", "))));
    m_noteTitle->setVisible(!c.serverNote.isEmpty());
    m_note->setVisible(!c.serverNote.isEmpty());
    m_note->setText(c.serverNote);
}

} // namespace gatehouse::ui
