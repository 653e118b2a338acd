// SPDX-License-Identifier: MIT
// The catalog queries of introspect(): flat text rows, names quoted by the server.
#include "catalog_queries.hpp"

namespace migrate::autogen::queries {

namespace {

// Extension members are the extension's business, not the schema file's.
std::string not_extension_member(const std::string& catalog, const std::string& oid) {
  return "NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '" + catalog
         + "'::regclass AND x.objid = " + oid + " AND x.deptype = 'e')";
}

} // namespace

std::string schemas() {
  return "SELECT quote_ident(n.nspname) FROM pg_namespace n WHERE " + std::string(k_user_schema)
         + " AND n.nspname <> 'public' AND " + not_extension_member("pg_namespace", "n.oid")
         + " ORDER BY 1";
}

std::string enums() {
  return "SELECT format('%I.%I', n.nspname, t.typname), e.enumlabel FROM pg_type t "
         "JOIN pg_namespace n ON n.oid = t.typnamespace "
         "LEFT JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.typtype = 'e' AND "
         + std::string(k_user_schema) + " AND " + not_extension_member("pg_type", "t.oid")
         + " ORDER BY 1, e.enumsortorder";
}

std::string sequences() {
  // Identity sequences belong to their column (deptype 'i'); serial ones are listed with
  // their owner (deptype 'a').
  return R"(SELECT format('%I.%I', n.nspname, c.relname), format_type(s.seqtypid, NULL),
  format('START %s INCREMENT %s MINVALUE %s MAXVALUE %s CACHE %s %sCYCLE', s.seqstart,
         s.seqincrement, s.seqmin, s.seqmax, s.seqcache, CASE WHEN s.seqcycle THEN '' ELSE 'NO ' END),
  CASE WHEN ta.attname IS NOT NULL THEN format('%I.%I.%I', tn.nspname, tc.relname, ta.attname) END
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
  AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a'
LEFT JOIN pg_class tc ON tc.oid = d.refobjid
LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace
LEFT JOIN pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid
WHERE NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_class'::regclass
                  AND i.objid = c.oid AND i.deptype IN ('i', 'e'))
  AND )" + std::string(k_user_schema)
         + " ORDER BY 1";
}

std::string relations(const std::string& exclude) {
  return R"(SELECT format('%I.%I', n.nspname, c.relname), c.relkind,
  CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
  CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,
  (SELECT string_agg(format('%I.%I', pn.nspname, p.relname), E'\n' ORDER BY i.inhseqno)
     FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
     JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid),
  CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END,
  c.relpersistence = 'u',
  array_to_string(ARRAY(SELECT unnest(c.reloptions) ORDER BY 1), E'\n'),
  CASE c.relreplident WHEN 'f' THEN 'FULL' WHEN 'n' THEN 'NOTHING'
    WHEN 'i' THEN (SELECT 'USING INDEX ' || quote_ident(ic.relname) FROM pg_index x
                   JOIN pg_class ic ON ic.oid = x.indexrelid
                   WHERE x.indrelid = c.oid AND x.indisreplident) ELSE '' END,
  c.relrowsecurity, c.relforcerowsecurity
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm') AND )"
         + std::string(k_user_schema) + " AND " + not_extension_member("pg_class", "c.oid")
         + " AND NOT (" + exclude + ") ORDER BY 1";
}

std::string columns(const std::string& exclude) {
  return R"(SELECT format('%I.%I', n.nspname, c.relname), quote_ident(a.attname),
  format_type(a.atttypid, a.atttypmod), a.attnotnull,
  CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
  CASE WHEN a.attgenerated = 's' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
  a.attidentity,
  CASE WHEN a.attcollation <> t.typcollation AND co.oid IS NOT NULL
       THEN format('%I.%I', cn.nspname, co.collname) END,
  a.attislocal,
  CASE WHEN a.attidentity <> '' THEN format(
    'START WITH %s INCREMENT BY %s MINVALUE %s MAXVALUE %s CACHE %s %s', s.seqstart,
    s.seqincrement, s.seqmin, s.seqmax, s.seqcache,
    CASE WHEN s.seqcycle THEN 'CYCLE' ELSE 'NO CYCLE' END) END,
  a.attstattarget, CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END,
  a.attcompression::text, t.typstorage::text,
  CASE WHEN a.attidentity <> '' THEN (SELECT format('%I.%I', sn.nspname, sc.relname)
    FROM pg_class sc JOIN pg_namespace sn ON sn.oid = sc.relnamespace WHERE sc.oid = idd.objid) END
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
LEFT JOIN pg_depend idd ON a.attidentity <> '' AND idd.classid = 'pg_class'::regclass
  AND idd.refclassid = 'pg_class'::regclass AND idd.refobjid = a.attrelid
  AND idd.refobjsubid = a.attnum AND idd.deptype = 'i'
LEFT JOIN pg_sequence s ON s.seqrelid = idd.objid
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND )"
         + std::string(k_user_schema) + " AND " + not_extension_member("pg_class", "c.oid")
         + " AND NOT (" + exclude + ") ORDER BY 1, a.attnum";
}

std::string constraints(const std::string& exclude) {
  // Constraints cloned onto partitions or inherited from a parent are the parent's.
  return R"(SELECT format('%I.%I', n.nspname, c.relname), quote_ident(con.conname), con.contype,
  pg_get_constraintdef(con.oid),
  CASE WHEN con.contype = 'f' THEN format('%I.%I', fn.nspname, fc.relname) END
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND con.conislocal AND con.conparentid = 0 AND )"
         + std::string(k_user_schema) + " AND " + not_extension_member("pg_class", "c.oid")
         + " AND NOT (" + exclude + ") ORDER BY 1, 2";
}

std::string indexes() {
  return R"(SELECT format('%I.%I', n.nspname, ic.relname), format('%I.%I', n.nspname, t.relname),
  pg_get_indexdef(i.indexrelid),
  EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid)
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE t.relkind IN ('r', 'p', 'm')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid
                  AND k.contype IN ('p', 'u', 'x'))
  AND )" + std::string(k_user_schema)
         + " AND " + not_extension_member("pg_class", "t.oid") + " ORDER BY 1";
}

std::string functions() {
  // Aggregates have no pg_get_functiondef; window functions are left out with them.
  return R"(SELECT format('%I.%I', n.nspname, p.proname) || '('
         || pg_get_function_identity_arguments(p.oid) || ')',
  coalesce(pg_get_function_result(p.oid), ''), pg_get_functiondef(p.oid), p.prokind
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind IN ('f', 'p') AND )"
         + std::string(k_user_schema) + " AND " + not_extension_member("pg_proc", "p.oid")
         + " ORDER BY 1";
}

std::string view_dependencies() {
  return R"(SELECT DISTINCT format('%I.%I', vn.nspname, v.relname),
  CASE WHEN r.oid IS NOT NULL THEN format('%I.%I', rn.nspname, r.relname)
       ELSE format('%I.%I', pn.nspname, p.proname) || '('
            || pg_get_function_identity_arguments(p.oid) || ')' END,
  CASE WHEN r.oid IS NOT NULL AND d.refobjsubid > 0 THEN quote_ident(a.attname) ELSE '' END
FROM pg_depend d
JOIN pg_rewrite rw ON d.classid = 'pg_rewrite'::regclass AND rw.oid = d.objid
JOIN pg_class v ON v.oid = rw.ev_class
JOIN pg_namespace vn ON vn.oid = v.relnamespace
LEFT JOIN pg_class r ON d.refclassid = 'pg_class'::regclass AND r.oid = d.refobjid
LEFT JOIN pg_namespace rn ON rn.oid = r.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = d.refobjsubid
LEFT JOIN pg_proc p ON d.refclassid = 'pg_proc'::regclass AND p.oid = d.refobjid
LEFT JOIN pg_namespace pn ON pn.oid = p.pronamespace
WHERE d.deptype = 'n' AND v.oid >= 16384
  AND ((r.oid IS NOT NULL AND r.oid <> v.oid) OR p.oid >= 16384)
ORDER BY 1, 2, 3)";
}

std::string extensions() {
  return "SELECT quote_ident(e.extname), quote_ident(n.nspname) FROM pg_extension e "
         "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql' ORDER BY 1";
}

std::string domains() {
  return R"(SELECT format('%I.%I', n.nspname, t.typname), format_type(t.typbasetype, t.typtypmod),
  t.typnotnull, t.typdefault,
  CASE WHEN t.typcollation <> bt.typcollation AND co.oid IS NOT NULL
       THEN format('%I.%I', cn.nspname, co.collname) END
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_type bt ON bt.oid = t.typbasetype
LEFT JOIN pg_collation co ON co.oid = t.typcollation
LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
WHERE t.typtype = 'd' AND )"
         + std::string(k_user_schema) + " AND " + not_extension_member("pg_type", "t.oid")
         + " ORDER BY 1";
}

std::string domain_checks() {
  return R"(SELECT format('%I.%I', n.nspname, t.typname), quote_ident(k.conname),
  pg_get_constraintdef(k.oid)
FROM pg_constraint k
JOIN pg_type t ON t.oid = k.contypid
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE k.contype = 'c' AND )"
         + std::string(k_user_schema) + " AND " + not_extension_member("pg_type", "t.oid")
         + " ORDER BY 1, 2";
}

std::string composites() {
  // Stand-alone composite types (relkind 'c'), not the row types of tables.
  return R"(SELECT format('%I.%I', n.nspname, t.typname), quote_ident(a.attname),
  format_type(a.atttypid, a.atttypmod)
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_class tc ON tc.oid = t.typrelid AND tc.relkind = 'c'
LEFT JOIN pg_attribute a ON a.attrelid = tc.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE t.typtype = 'c' AND )"
         + std::string(k_user_schema) + " AND " + not_extension_member("pg_type", "t.oid")
         + " ORDER BY 1, a.attnum";
}

std::string triggers(const std::string& exclude) {
  // Internal triggers implement constraints; clones on partitions are the parent's.
  return R"(SELECT quote_ident(tg.tgname) || ' ON ' || format('%I.%I', n.nspname, c.relname),
  format('%I.%I', n.nspname, c.relname), pg_get_triggerdef(tg.oid)
FROM pg_trigger tg
JOIN pg_class c ON c.oid = tg.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT tg.tgisinternal AND tg.tgparentid = 0 AND )"
         + std::string(k_user_schema) + " AND " + not_extension_member("pg_class", "c.oid")
         + " AND NOT (" + exclude + ") ORDER BY 1";
}

std::string policies(const std::string& exclude) {
  // Roles by name, sorted; OID 0 is PUBLIC.
  return R"(SELECT quote_ident(p.polname) || ' ON ' || format('%I.%I', n.nspname, c.relname),
  format('%I.%I', n.nspname, c.relname), quote_ident(p.polname), p.polpermissive,
  CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
    WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
  (SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r)) END,
                     E'\n' ORDER BY 1)
     FROM unnest(p.polroles) r),
  pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE )" + std::string(k_user_schema)
         + " AND " + not_extension_member("pg_class", "c.oid") + " AND NOT (" + exclude
         + ") ORDER BY 1";
}

std::string privileges(const std::string& exclude) {
  // Each object's ACL as entries that differ from its default ACL: "+grantee PRIVILEGE" for a
  // grant the default lacks ("... WITH GRANT OPTION" when grantable), "-grantee PRIVILEGE" for a
  // default one revoked. The owner's own entries are left out: owners differ between databases.
  const std::string user = k_user_schema;
  return R"(WITH objects AS (
SELECT CASE c.relkind WHEN 'v' THEN 'VIEW ' WHEN 'm' THEN 'MATERIALIZED VIEW '
         WHEN 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END || format('%I.%I', n.nspname, c.relname)
         AS target, c.relacl AS acl,
       acldefault((CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END)::"char", c.relowner) AS def,
       c.relowner AS owner
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relacl IS NOT NULL AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND )"
         + user + " AND " + not_extension_member("pg_class", "c.oid") + " AND NOT (" + exclude
         + R"()
UNION ALL
SELECT 'COLUMN ' || format('%I.%I.%I', n.nspname, c.relname, a.attname), a.attacl, NULL,
       c.relowner
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped AND )"
         + user + " AND " + not_extension_member("pg_class", "c.oid") + " AND NOT (" + exclude
         + R"()
UNION ALL
SELECT 'SCHEMA ' || quote_ident(n.nspname), n.nspacl, acldefault('n'::"char", n.nspowner), n.nspowner
FROM pg_namespace n
WHERE n.nspacl IS NOT NULL AND )"
         + user + " AND " + not_extension_member("pg_namespace", "n.oid") + R"(
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE ' ELSE 'FUNCTION ' END
       || format('%I.%I', n.nspname, p.proname) || '('
       || pg_get_function_identity_arguments(p.oid) || ')',
       p.proacl, acldefault('f'::"char", p.proowner), p.proowner
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.proacl IS NOT NULL AND p.prokind IN ('f', 'p') AND )"
         + user + " AND " + not_extension_member("pg_proc", "p.oid") + R"(
UNION ALL
SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN ' ELSE 'TYPE ' END
       || format('%I.%I', n.nspname, t.typname), t.typacl, acldefault('T'::"char", t.typowner), t.typowner
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typacl IS NOT NULL AND t.typtype IN ('e', 'd', 'c')
  AND (t.typtype <> 'c' OR EXISTS (SELECT 1 FROM pg_class tc
                                   WHERE tc.oid = t.typrelid AND tc.relkind = 'c'))
  AND )" + user
         + " AND " + not_extension_member("pg_type", "t.oid") + R"(
), entries AS (
SELECT o.target, o.owner, true AS effective,
       CASE WHEN e.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(e.grantee)) END
       || ' ' || e.privilege_type
       || CASE WHEN e.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END AS entry
FROM objects o, aclexplode(o.acl) e WHERE e.grantee <> o.owner
UNION ALL
SELECT o.target, o.owner, false,
       CASE WHEN e.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(e.grantee)) END
       || ' ' || e.privilege_type
       || CASE WHEN e.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END
FROM objects o, aclexplode(o.def) e WHERE e.grantee <> o.owner
)
SELECT target, string_agg(CASE WHEN effective THEN '+' ELSE '-' END || entry, E'\n' ORDER BY entry)
FROM (SELECT target, entry, bool_or(effective) AS effective FROM entries
      GROUP BY target, entry HAVING count(*) = 1) delta
GROUP BY target ORDER BY 1)";
}

std::string comments(const std::string& exclude) {
  // One row per comment, addressed the way COMMENT ON wants it.
  return R"(SELECT target, description FROM (
SELECT CASE WHEN d.objsubid > 0 THEN 'COLUMN ' WHEN c.relkind = 'v' THEN 'VIEW '
         WHEN c.relkind = 'm' THEN 'MATERIALIZED VIEW ' WHEN c.relkind = 'S' THEN 'SEQUENCE '
         WHEN c.relkind IN ('i', 'I') THEN 'INDEX ' ELSE 'TABLE ' END
       || CASE WHEN d.objsubid = 0 THEN format('%I.%I', n.nspname, c.relname)
               ELSE format('%I.%I.%I', n.nspname, c.relname, a.attname) END AS target,
       d.description, d.objsubid
FROM pg_description d
JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND c.oid = d.objoid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid AND d.objsubid > 0
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i', 'I') AND )"
         + std::string(k_user_schema) + " AND " + not_extension_member("pg_class", "c.oid")
         + " AND NOT (" + exclude + R"()
UNION ALL
SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN ' ELSE 'TYPE ' END
       || format('%I.%I', n.nspname, t.typname), d.description, 0
FROM pg_description d
JOIN pg_type t ON d.classoid = 'pg_type'::regclass AND t.oid = d.objoid
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE )" + std::string(k_user_schema)
         + " AND " + not_extension_member("pg_type", "t.oid") + R"(
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE ' ELSE 'FUNCTION ' END
       || format('%I.%I', n.nspname, p.proname) || '('
       || pg_get_function_identity_arguments(p.oid) || ')', d.description, 0
FROM pg_description d
JOIN pg_proc p ON d.classoid = 'pg_proc'::regclass AND p.oid = d.objoid
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE )" + std::string(k_user_schema)
         + " AND " + not_extension_member("pg_proc", "p.oid") + R"(
UNION ALL
SELECT 'SCHEMA ' || quote_ident(n.nspname), d.description, 0
FROM pg_description d
JOIN pg_namespace n ON d.classoid = 'pg_namespace'::regclass AND n.oid = d.objoid
WHERE )" + std::string(k_user_schema)
         + " AND " + not_extension_member("pg_namespace", "n.oid") + R"(
UNION ALL
SELECT 'CONSTRAINT ' || quote_ident(k.conname) || ' ON '
       || CASE WHEN k.contypid <> 0 THEN 'DOMAIN ' || format('%I.%I', tn.nspname, t.typname)
               ELSE format('%I.%I', n.nspname, c.relname) END, d.description, 0
FROM pg_description d
JOIN pg_constraint k ON d.classoid = 'pg_constraint'::regclass AND k.oid = d.objoid
LEFT JOIN pg_class c ON c.oid = k.conrelid
LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_type t ON t.oid = k.contypid
LEFT JOIN pg_namespace tn ON tn.oid = t.typnamespace
WHERE coalesce(n.nspname, tn.nspname) !~ '^pg_'
  AND coalesce(n.nspname, tn.nspname) <> 'information_schema'
UNION ALL
SELECT 'TRIGGER ' || quote_ident(tg.tgname) || ' ON ' || format('%I.%I', n.nspname, c.relname),
       d.description, 0
FROM pg_description d
JOIN pg_trigger tg ON d.classoid = 'pg_trigger'::regclass AND tg.oid = d.objoid
JOIN pg_class c ON c.oid = tg.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE )" + std::string(k_user_schema)
         + R"(
) comments ORDER BY 1)";
}

} // namespace migrate::autogen::queries
