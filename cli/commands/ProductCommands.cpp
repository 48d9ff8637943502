// gatehouse-cli product: products in a local database (--db) or on a remote API (--remote PROFILE --url URL).
// list/add/edit/delete go through the Backend (BackendConnection), so both modes print the same JSON;
// import and export are local only.
#include "commands/BackendConnection.h"
#include "commands/Groups.h"
#include "commands/TransferCommands.h"

#include <QJsonArray>

namespace gatehouse::cli {

using namespace gatehouse::core;
using namespace gatehouse::core::services;
using gatehouse::core::backend::Backend;

namespace {

QJsonObject productJson(const Product& p)
{
    return {{QStringLiteral("id"), p.id}, {QStringLiteral("name"), p.name}, {QStringLiteral("price"), p.price}};
}

QString productLine(const Product& p)
{
    return QStringLiteral("%1  %2  %3").arg(p.id).arg(p.name).arg(p.price);
}

int productResult(const BackendConnection& c, const Result<Product>& p)
{
    if (!p)
        return c.fail(p.error());
    return c.ok({{QStringLiteral("product"), productJson(p.value())}}, productLine(p.value()));
}

std::optional<double> priceArg(const QString& text)
{
    bool ok = false;
    const double price = text.toDouble(&ok);
    return ok ? std::optional<double>(price) : std::nullopt;
}

Error invalidPrice()
{
    return Error::make(QStringLiteral("product.invalid_price"), QStringLiteral("The price is not a number."));
}

int productList(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    BackendConnection::addOptions(parser);
    parser.addOptions(
        {{QStringLiteral("search"), QStringLiteral("Substring of the name."), QStringLiteral("TEXT")},
         {QStringLiteral("page"), QStringLiteral("Page number."), QStringLiteral("N"), QStringLiteral("1")},
         {QStringLiteral("per-page"), QStringLiteral("Per page."), QStringLiteral("N"), QStringLiteral("50")}});
    BackendConnection c;
    if (auto done = c.prepare(parser, args, io, QStringLiteral("product list"), QStringLiteral("List products."), 0))
        return *done;
    ProductQuery q;
    q.search = parser.value(QStringLiteral("search"));
    q.page = parser.value(QStringLiteral("page")).toInt();
    q.perPage = parser.value(QStringLiteral("per-page")).toInt();
    auto page = c.await<Result<ProductPage>>([&q](Backend& b) { return b.listProducts(q); });
    if (!page)
        return c.fail(page.error());
    QJsonArray array;
    QStringList lines;
    for (const Product& p : page.value().items) {
        array.append(productJson(p));
        lines << productLine(p);
    }
    return c.ok({{QStringLiteral("products"), array}, {QStringLiteral("total"), page.value().total}},
                lines.join(QLatin1Char('\n')));
}

int productAdd(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    BackendConnection::addOptions(parser);
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The name."));
    parser.addPositionalArgument(QStringLiteral("price"), QStringLiteral("The price."));
    BackendConnection c;
    if (auto done = c.prepare(parser, args, io, QStringLiteral("product add"),
                              QStringLiteral("Add a product (product.create)."), 2))
        return *done;
    const QString name = parser.positionalArguments().at(0);
    const auto price = priceArg(parser.positionalArguments().at(1));
    if (!price)
        return c.fail(invalidPrice());
    return productResult(c, c.await<Result<Product>>([&](Backend& b) { return b.createProduct(name, *price); }));
}

int productEdit(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    BackendConnection::addOptions(parser);
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The product id."));
    parser.addOptions({{QStringLiteral("name"), QStringLiteral("New name."), QStringLiteral("TEXT")},
                       {QStringLiteral("price"), QStringLiteral("New price."), QStringLiteral("N")}});
    BackendConnection c;
    if (auto done = c.prepare(parser, args, io, QStringLiteral("product edit"),
                              QStringLiteral("Edit a product (product.edit)."), 1))
        return *done;
    ProductChanges changes;
    if (parser.isSet(QStringLiteral("name")))
        changes.name = parser.value(QStringLiteral("name"));
    if (parser.isSet(QStringLiteral("price"))) {
        changes.price = priceArg(parser.value(QStringLiteral("price")));
        if (!changes.price)
            return c.fail(invalidPrice());
    }
    const qint64 id = local::idArg(parser.positionalArguments().at(0));
    return productResult(c, c.await<Result<Product>>([&](Backend& b) { return b.updateProduct(id, changes); }));
}

int productDelete(const QStringList& args, const CliIo& io)
{
    QCommandLineParser parser;
    BackendConnection::addOptions(parser);
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The product id."));
    BackendConnection c;
    if (auto done = c.prepare(parser, args, io, QStringLiteral("product delete"),
                              QStringLiteral("Delete a product (product.delete)."), 1))
        return *done;
    const qint64 id = local::idArg(parser.positionalArguments().at(0));
    return c.okStatus(c.await<Status>([id](Backend& b) { return b.deleteProduct(id); }), QStringLiteral("Deleted."));
}

} // namespace

CommandGroup productGroup()
{
    using namespace gatehouse::cli::local;
    return {QStringLiteral("product"),
            QStringLiteral("Products in the local database or on a remote API"),
            {{QStringLiteral("list"), QStringLiteral("List products"), productList},
             {QStringLiteral("add"), QStringLiteral("Add a product"), productAdd},
             {QStringLiteral("edit"), QStringLiteral("Edit a product"), productEdit},
             {QStringLiteral("delete"), QStringLiteral("Delete a product"), productDelete},
             {QStringLiteral("import"), QStringLiteral("Import products from CSV or JSON (local)"),
              [](const QStringList& args, const CliIo& io) -> int {
                  return importCommand(args, io, "product import",
                                       [](Local& l, const QByteArray& d, ImportExportService::Format f) {
                                           return l.transfer->importProducts(l.actor, d, f);
                                       });
              }},
             {QStringLiteral("export"), QStringLiteral("Export products as CSV or JSON (local)"),
              [](const QStringList& args, const CliIo& io) -> int {
                  return exportCommand(args, io, "product export", [](Local& l, ImportExportService::Format f, bool) {
                      return l.transfer->exportProducts(l.actor, f);
                  });
              }}}};
}

} // namespace gatehouse::cli
