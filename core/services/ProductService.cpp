#include "services/ProductService.h"

#include "services/Actor.h"
#include "services/Permissions.h"
#include "store/SqlStatement.h"

#include <cmath>

namespace gatehouse::core::services {

using store::SqlStatement;

namespace {

Status checkNameImpl(const QString& name)
{
    const qsizetype n = name.toUcs4().size();
    if (n < 1 || n > 100 || name.trimmed().isEmpty())
        return Error::make(QStringLiteral("product.invalid_name"), QStringLiteral("A name has 1 to 100 characters."),
                           QStringLiteral("name"));
    return {};
}

Status checkPriceImpl(double price)
{
    if (!std::isfinite(price) || price < 0)
        return Error::make(QStringLiteral("product.invalid_price"),
                           QStringLiteral("A price is a finite number, zero or more."), QStringLiteral("price"));
    return {};
}

Result<Product> fetch(const QSqlDatabase& db, qint64 id)
{
    auto q = SqlStatement::run(db, QStringLiteral("SELECT id, name, price FROM product WHERE id = ?"), {id},
                               QStringLiteral("product.get"));
    if (!q)
        return q.error();
    if (!q.value().next())
        return Error::make(QStringLiteral("product.not_found"), QStringLiteral("There is no such product."));
    return Product{q.value().value(0).toLongLong(), q.value().value(1).toString(), q.value().value(2).toDouble()};
}

Result<Actor> authorize(const QSqlDatabase& db, const Principal& principal, const QString& permission)
{
    auto actor = Actor::load(db, principal);
    if (!actor)
        return actor.error();
    if (Status s = actor.value().require(permission); !s)
        return s.error();
    return actor;
}

} // namespace

Status ProductService::validateName(const QString& name)
{
    return checkNameImpl(name);
}

Status ProductService::validatePrice(double price)
{
    return checkPriceImpl(price);
}

Result<ProductPage> ProductService::list(const Principal& principal, const ProductQuery& query) const
{
    if (query.page < 1 || query.perPage < 1 || query.perPage > 500)
        return Error::make(QStringLiteral("product.invalid_query"),
                           QStringLiteral("Pages start at 1 and hold 1 to 500 products."));
    return m_ctx.db->read<ProductPage>([&](QSqlDatabase& c) -> Result<ProductPage> {
        if (auto a = authorize(c, principal, Permissions::productView()); !a)
            return a.error();
        QString where = QStringLiteral(" WHERE 1 = 1");
        QVariantList params;
        if (!query.search.isEmpty()) {
            QString escaped = query.search;
            escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
            escaped.replace(QLatin1Char('%'), QStringLiteral("\\%"));
            escaped.replace(QLatin1Char('_'), QStringLiteral("\\_"));
            where += QStringLiteral(" AND name LIKE ? ESCAPE '\\'");
            params << QString(QLatin1Char('%') + escaped + QLatin1Char('%'));
        }
        auto total = SqlStatement::scalar(c, QStringLiteral("SELECT count(*) FROM product") + where, params,
                                          QStringLiteral("product.count"));
        if (!total)
            return total.error();
        const QString order = query.sort == ProductQuery::Sort::Name    ? QStringLiteral("name")
                              : query.sort == ProductQuery::Sort::Price ? QStringLiteral("price")
                                                                        : QStringLiteral("id");
        const QString dir = query.descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
        params << query.perPage << qint64(query.page - 1) * query.perPage;
        auto q = SqlStatement::run(c,
                                   QStringLiteral("SELECT id, name, price FROM product") + where +
                                       QStringLiteral(" ORDER BY ") + order + dir + QStringLiteral(", id") + dir +
                                       QStringLiteral(" LIMIT ? OFFSET ?"),
                                   params, QStringLiteral("product.list"));
        if (!q)
            return q.error();
        ProductPage page;
        page.total = total.value().toLongLong();
        page.page = query.page;
        page.perPage = query.perPage;
        while (q.value().next())
            page.items << Product{q.value().value(0).toLongLong(), q.value().value(1).toString(),
                                  q.value().value(2).toDouble()};
        return page;
    });
}

Result<Product> ProductService::get(const Principal& principal, qint64 productId) const
{
    return m_ctx.db->read<Product>([&](QSqlDatabase& c) -> Result<Product> {
        if (auto a = authorize(c, principal, Permissions::productView()); !a)
            return a.error();
        return fetch(c, productId);
    });
}

Result<Product> ProductService::create(const Principal& principal, const QString& name, double price)
{
    if (Status s = ProductService::validateName(name); !s)
        return s.error();
    if (Status s = ProductService::validatePrice(price); !s)
        return s.error();
    return m_ctx.db->write<Product>([&](QSqlDatabase& c) -> Result<Product> {
        if (auto a = authorize(c, principal, Permissions::productCreate()); !a)
            return a.error();
        auto r = SqlStatement::run(c, QStringLiteral("INSERT INTO product (name, price) VALUES (?, ?)"), {name, price},
                                   QStringLiteral("product.create"));
        if (!r)
            return r.error();
        return fetch(c, r.value().lastInsertId().toLongLong());
    });
}

Result<Product> ProductService::update(const Principal& principal, qint64 productId, const ProductChanges& changes)
{
    if (changes.name) {
        if (Status s = ProductService::validateName(*changes.name); !s)
            return s.error();
    }
    if (changes.price) {
        if (Status s = ProductService::validatePrice(*changes.price); !s)
            return s.error();
    }
    return m_ctx.db->write<Product>([&](QSqlDatabase& c) -> Result<Product> {
        if (auto a = authorize(c, principal, Permissions::productEdit()); !a)
            return a.error();
        auto current = fetch(c, productId);
        if (!current)
            return current.error();
        auto r = SqlStatement::run(
            c, QStringLiteral("UPDATE product SET name = ?, price = ? WHERE id = ?"),
            {changes.name.value_or(current.value().name), changes.price.value_or(current.value().price), productId},
            QStringLiteral("product.update"));
        if (!r)
            return r.error();
        return fetch(c, productId);
    });
}

Status ProductService::remove(const Principal& principal, qint64 productId)
{
    return m_ctx.db->write([&](QSqlDatabase& c) -> Status {
        if (auto a = authorize(c, principal, Permissions::productDelete()); !a)
            return a.error();
        if (auto current = fetch(c, productId); !current)
            return current.error();
        auto r = SqlStatement::run(c, QStringLiteral("DELETE FROM product WHERE id = ?"), {productId},
                                   QStringLiteral("product.delete"));
        return r ? Status() : Status(r.error());
    });
}

} // namespace gatehouse::core::services
