#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace gatehouse::core::services {

// Flask's product row.
struct Product
{
    qint64 id = 0;
    QString name;
    double price = 0;
};

struct ProductQuery
{
    enum class Sort
    {
        Id,
        Name,
        Price
    };
    QString search; // substring of the name
    Sort sort = Sort::Id;
    bool descending = false;
    int page = 1;
    int perPage = 50;
};

struct ProductPage
{
    QList<Product> items;
    qint64 total = 0;
    int page = 1;
    int perPage = 50;
};

struct ProductChanges
{
    std::optional<QString> name;
    std::optional<double> price;
};

} // namespace gatehouse::core::services
