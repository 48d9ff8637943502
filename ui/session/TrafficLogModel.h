#pragma once

#include <QAbstractTableModel>
#include <QPointer>
#include <QSet>

namespace gatehouse::core::net {
class TrafficLog;
struct TrafficEntry;
} // namespace gatehouse::core::net

namespace gatehouse::ui {

// The request log as a table, like DevTools' Network panel: number, method, URL, status, time, size.
// Follows the TrafficLog live (rows appear as requests finish). The URL column never holds secrets (the
// client refuses credentials in URLs); headers are not in this model (see SessionPage's details pane).
// Entries can be highlighted for the cookie round trip: the responses that set a cookie and the requests
// that carried it back.
class TrafficLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        IdColumn,
        MethodColumn,
        UrlColumn,
        StatusColumn,
        TimeColumn,
        SizeColumn,
        RoundTripColumn,
        ColumnCount
    };

    explicit TrafficLogModel(QObject* parent = nullptr);

    // The log to show (null: none). It must outlive the model or be destroyed first (QPointer guards).
    void setLog(core::net::TrafficLog* log);
    const core::net::TrafficEntry* entryAt(int row) const;
    int rowOf(quint64 entryId) const;
    void setRoundTrip(const QSet<quint64>& setBy, const QSet<quint64>& carriedBy);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void refresh();

    QPointer<core::net::TrafficLog> m_log;
    QSet<quint64> m_setBy;
    QSet<quint64> m_carriedBy;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace gatehouse::ui
