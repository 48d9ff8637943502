#pragma once

#include "common/Result.h"
#include "services/Principal.h"
#include "services/Product.h"
#include "services/ServiceContext.h"

namespace gatehouse::core::services {

// Products: product.view / create / edit / delete, checked inside each call. Names are 1..100 characters,
// prices finite and not negative.
// Error codes: perm.denied, product.not_found, product.invalid_name, product.invalid_price,
// product.invalid_query, auth.session_invalid, db.*.
class ProductService
{
public:
    explicit ProductService(ServiceContext context) : m_ctx(std::move(context)) {}

    Result<ProductPage> list(const Principal& actor, const ProductQuery& query) const;
    Result<Product> get(const Principal& actor, qint64 productId) const;
    Result<Product> create(const Principal& actor, const QString& name, double price);
    Result<Product> update(const Principal& actor, qint64 productId, const ProductChanges& changes);
    Status remove(const Principal& actor, qint64 productId);

    // The field rules, also used by imports.
    static Status validateName(const QString& name);
    static Status validatePrice(double price);

private:
    ServiceContext m_ctx;
};

} // namespace gatehouse::core::services
