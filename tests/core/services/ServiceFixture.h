#pragma once

// A fresh database in a temporary directory with the services wired to a fixed clock, an in-memory key
// store and a cheap hash policy (1000 PBKDF2 iterations: the policy's cost is not what these tests measure).
#include "common/Clock.h"
#include "services/AccountService.h"
#include "services/AuditLog.h"
#include "services/ProductService.h"
#include "services/RoleService.h"
#include "services/TaskService.h"
#include "store/Database.h"
#include "store/InMemorySigningKeyStore.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace gatehouse::test {

using namespace gatehouse::core;
using namespace gatehouse::core::services;

inline QString pw(const char* tag)
{
    // Long enough for the default policy, never a common password.
    return QStringLiteral("correct-%1-horse-battery").arg(QString::fromLatin1(tag));
}

class ServiceFixture
{
public:
    explicit ServiceFixture(password::HashPolicy policy = password::HashPolicy::pbkdf2Sha256(1000))
    {
        m_path = m_dir.filePath(QStringLiteral("gatehouse.sqlite"));
        m_policy = policy;
        reopen();
    }

    // Drops the services and the database and opens the file again (a restart).
    void reopen()
    {
        m_accounts.reset();
        m_roles.reset();
        m_tasks.reset();
        m_products.reset();
        m_audit.reset();
        m_db.reset();
        store::Database::Options o;
        o.clock = &m_clock;
        o.durable = false; // no fsyncs: these files are thrown away
        auto db = store::Database::open(m_path, o);
        QVERIFY2(db.ok(), qPrintable(db.ok() ? QString() : db.error().code));
        m_db = db.value();
        ServiceContext ctx;
        ctx.db = m_db;
        ctx.clock = &m_clock;
        ctx.hashPolicy = m_policy;
        ctx.keys = &m_keys;
        m_accounts = std::make_unique<AccountService>(ctx);
        m_roles = std::make_unique<RoleService>(ctx);
        m_tasks = std::make_unique<TaskService>(ctx);
        m_products = std::make_unique<ProductService>(ctx);
        m_audit = std::make_unique<AuditLog>(ctx);
    }

    ServiceContext context() const
    {
        ServiceContext ctx;
        ctx.db = m_db;
        ctx.clock = &m_clock;
        ctx.hashPolicy = m_policy;
        ctx.keys = const_cast<store::InMemorySigningKeyStore*>(&m_keys);
        return ctx;
    }

    // Creates the first admin and logs in.
    Principal admin()
    {
        if (!m_admin.isValid()) {
            auto p = m_accounts->createFirstAdmin(QStringLiteral("root"), pw("root"));
            if (p)
                m_admin = p.value();
        }
        return m_admin;
    }

    // A user holding exactly `role`, logged in.
    Principal userWithRole(const QString& name, const QString& role)
    {
        const Principal a = admin();
        auto id = m_accounts->createUser(a, name, pw("member"), false);
        if (!id)
            return {};
        if (role != QLatin1String("user")) {
            if (!m_roles->assign(a, id.value(), role))
                return {};
            if (!m_roles->unassign(a, id.value(), QStringLiteral("user")))
                return {};
        }
        auto login = m_accounts->login(name, pw("member"));
        return login ? login.value().principal : Principal();
    }

    QString path() const { return m_path; }
    FixedClock& clock() { return m_clock; }
    store::Database& db() { return *m_db; }
    AccountService& accounts() { return *m_accounts; }
    RoleService& roles() { return *m_roles; }
    TaskService& tasks() { return *m_tasks; }
    ProductService& products() { return *m_products; }
    AuditLog& audit() { return *m_audit; }
    store::InMemorySigningKeyStore& keys() { return m_keys; }

private:
    QTemporaryDir m_dir;
    QString m_path;
    password::HashPolicy m_policy;
    FixedClock m_clock{1750000000};
    store::InMemorySigningKeyStore m_keys;
    std::shared_ptr<store::Database> m_db;
    std::unique_ptr<AccountService> m_accounts;
    std::unique_ptr<RoleService> m_roles;
    std::unique_ptr<TaskService> m_tasks;
    std::unique_ptr<ProductService> m_products;
    std::unique_ptr<AuditLog> m_audit;
    Principal m_admin;
};

} // namespace gatehouse::test
