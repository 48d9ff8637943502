#include "store/SqlStatement.h"

#include "store/SqlError.h"

#include <QSqlError>

namespace gatehouse::core::store {

Result<QSqlQuery> SqlStatement::run(const QSqlDatabase& db, const QString& sql, const QVariantList& params,
                                    const QString& where)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return SqlError::fromQt(query.lastError(), where);
    for (const QVariant& value : params) {
        // Qt binds a null QString as SQL NULL; text columns here are NOT NULL, so a null string means "".
        if (value.metaType().id() == QMetaType::QString && value.toString().isNull())
            query.addBindValue(QString(QLatin1String("")));
        else
            query.addBindValue(value);
    }
    if (!query.exec())
        return SqlError::fromQt(query.lastError(), where);
    return query;
}

Result<QVariant> SqlStatement::scalar(const QSqlDatabase& db, const QString& sql, const QVariantList& params,
                                      const QString& where)
{
    auto query = run(db, sql, params, where);
    if (!query)
        return query.error();
    if (!query.value().next()) {
        if (query.value().lastError().isValid())
            return SqlError::fromQt(query.value().lastError(), where);
        return Error::make(QStringLiteral("db.query"), QStringLiteral("The query returned no row."), where);
    }
    return query.value().value(0);
}

} // namespace gatehouse::core::store
