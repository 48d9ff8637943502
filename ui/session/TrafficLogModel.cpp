#include "session/TrafficLogModel.h"

#include "net/TrafficLog.h"

#include <QBrush>
#include <QDateTime>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

namespace gatehouse::ui {

TrafficLogModel::TrafficLogModel(QObject* parent) : QAbstractTableModel(parent) {}

void TrafficLogModel::setLog(core::net::TrafficLog* log)
{
    for (const auto& c : m_connections)
        disconnect(c);
    m_connections.clear();
    beginResetModel();
    m_log = log;
    m_setBy.clear();
    m_carriedBy.clear();
    endResetModel();
    if (log) {
        // The log drops its oldest entries when full, so a reset is the honest update.
        m_connections.append(connect(log, &core::net::TrafficLog::entryAdded, this, &TrafficLogModel::refresh));
        m_connections.append(connect(log, &core::net::TrafficLog::cleared, this, &TrafficLogModel::refresh));
        m_connections.append(connect(log, &QObject::destroyed, this, [this] {
            beginResetModel();
            m_log = nullptr;
            endResetModel();
        }));
    }
}

void TrafficLogModel::refresh()
{
    beginResetModel();
    endResetModel();
}

const core::net::TrafficEntry* TrafficLogModel::entryAt(int row) const
{
    if (!m_log || row < 0 || row >= m_log->entries().size())
        return nullptr;
    return &m_log->entries().at(row);
}

int TrafficLogModel::rowOf(quint64 entryId) const
{
    if (!m_log)
        return -1;
    const auto& entries = m_log->entries();
    for (int i = 0; i < entries.size(); ++i)
        if (entries.at(i).id == entryId)
            return i;
    return -1;
}

void TrafficLogModel::setRoundTrip(const QSet<quint64>& setBy, const QSet<quint64>& carriedBy)
{
    m_setBy = setBy;
    m_carriedBy = carriedBy;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int TrafficLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_log ? 0 : int(m_log->entries().size());
}

int TrafficLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TrafficLogModel::data(const QModelIndex& index, int role) const
{
    const core::net::TrafficEntry* e = entryAt(index.row());
    if (!e)
        return {};
    const bool sets = m_setBy.contains(e->id);
    const bool carries = m_carriedBy.contains(e->id);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case IdColumn:
            return QString::number(e->id);
        case MethodColumn:
            return QString::fromLatin1(e->method);
        case UrlColumn:
            return e->url.toDisplayString();
        case StatusColumn:
            return e->status > 0 ? QString::number(e->status) : e->errorCode;
        case TimeColumn:
            return tr("%1 ms").arg(e->elapsedMs);
        case SizeColumn: {
            qint64 bytes = e->responseBytes;
            if (bytes == 0) { // not counted for this hop: the server's own figure, if it gave one
                for (const auto& h : e->responseHeaders)
                    if (h.first.compare("content-length", Qt::CaseInsensitive) == 0)
                        bytes = h.second.trimmed().toLongLong();
            }
            return e->status > 0 ? QLocale().formattedDataSize(bytes) : QString();
        }
        case RoundTripColumn:
            if (sets && carries)
                return tr("sent back, set again");
            if (sets)
                return tr("Set-Cookie");
            if (carries)
                return tr("sent back");
            return QString();
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == StatusColumn && e->credentialsDropped)
        return tr("A redirect to another origin: sent without Authorization and cookies.");
    if (role == Qt::ToolTipRole && index.column() == IdColumn)
        return QDateTime::fromMSecsSinceEpoch(e->startedAtMs).toString(Qt::ISODateWithMs);
    if (role == Qt::BackgroundRole && (sets || carries)) {
        const QPalette palette = QGuiApplication::palette();
        return QBrush(sets ? palette.color(QPalette::Highlight).lighter(170) : palette.color(QPalette::AlternateBase));
    }
    if (role == Qt::TextAlignmentRole && (index.column() == TimeColumn || index.column() == SizeColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant TrafficLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("#");
    case MethodColumn:
        return tr("Method");
    case UrlColumn:
        return tr("URL");
    case StatusColumn:
        return tr("Status");
    case TimeColumn:
        return tr("Time");
    case SizeColumn:
        return tr("Size");
    case RoundTripColumn:
        return tr("Cookie");
    default:
        return {};
    }
}

} // namespace gatehouse::ui
