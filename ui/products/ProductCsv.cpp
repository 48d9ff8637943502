#include "products/ProductCsv.h"

#include "services/ProductService.h"

namespace gatehouse::ui::ProductCsv {

using core::Status;
using core::services::ImportReport;
using core::services::Product;
using core::services::ProductService;

QStringList exportHeader()
{
    return {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("price")};
}

QStringList exportRow(const Product& p)
{
    return {QString::number(p.id), p.name, QString::number(p.price, 'g', 15)};
}

QStringList knownColumns()
{
    return exportHeader();
}

QStringList requiredColumns()
{
    return {QStringLiteral("name"), QStringLiteral("price")};
}

QString cell(const QStringList& header, const QStringList& row, const QString& column)
{
    const qsizetype i = header.indexOf(column);
    return i >= 0 && i < row.size() ? row.at(i) : QString();
}

double price(const QStringList& header, const QStringList& row)
{
    return cell(header, row, QStringLiteral("price")).trimmed().toDouble();
}

QList<ImportReport::RowError> validate(const QStringList& header, const QList<QStringList>& rows)
{
    QList<ImportReport::RowError> errors;
    for (int i = 0; i < rows.size(); ++i) {
        const QStringList& r = rows.at(i);
        if (Status s = ProductService::validateName(cell(header, r, QStringLiteral("name"))); !s)
            errors << ImportReport::RowError{i + 1, QStringLiteral("name"), s.error().code, s.error().message};
        bool ok = false;
        const double value = cell(header, r, QStringLiteral("price")).trimmed().toDouble(&ok);
        if (!ok)
            errors << ImportReport::RowError{i + 1, QStringLiteral("price"), QStringLiteral("product.invalid_price"),
                                             QStringLiteral("The price is not a number.")};
        else if (Status s = ProductService::validatePrice(value); !s)
            errors << ImportReport::RowError{i + 1, QStringLiteral("price"), s.error().code, s.error().message};
    }
    return errors;
}

} // namespace gatehouse::ui::ProductCsv
