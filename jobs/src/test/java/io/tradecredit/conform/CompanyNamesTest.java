package io.tradecredit.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CompanyNamesTest {
  @Test
  void registrationNumbers() {
    assertEquals("91310000AB", CompanyNames.number("9131-0000.ab"));
    assertEquals("HRB12345", CompanyNames.number(" HRB 123/45 "));
    assertEquals("CN:91310000AB", CompanyNames.companyId("cn", "9131 0000-AB"));
    assertNull(CompanyNames.number(" .-/ "));
    assertNull(CompanyNames.companyId("DE", null));
  }

  /** Each language of trade the identity rule names: the name as registered and as an account declares it. */
  private static void same(String expected, String... spellings) {
    for (String s : spellings) {
      assertEquals(expected, CompanyNames.name(s), s);
    }
  }

  @Test
  void english() {
    same("BRIGHT LIGHTING", "Bright Lighting Co., Ltd.", "BRIGHT LIGHTING CO LTD", "Bright Lighting Limited",
        "Bright Lighting Inc.", "Bright Lighting Corp", "Bright Lighting LLC", "Bright Lighting PLC",
        "Bright Lighting Pte. Ltd.", "Bright Lighting Pty Ltd", "Bright Lighting & Co.", "Bright Lighting JSC");
    same("SMITH AND SONS", "Smith & Sons Ltd", "SMITH AND SONS LIMITED");
    assertNull(CompanyNames.name("Co., Ltd."));
  }

  @Test
  void chinesePinyinAndCharacters() {
    same("SHENZHEN HUAXING DIANZI", "Shenzhen Huaxing Dianzi Youxian Gongsi", "Shenzhen Huaxing Dianzi Co., Ltd.",
        "Shenzhen Huaxing Dianzi Youxian Zeren Gongsi", "Shenzhen Huaxing Dianzi Gufen Youxian Gongsi",
        "Shenzhen Huaxing Dianzi Youxiangongsi", "SHENZHEN HUAXING DIANZI YOUXIAN GONGSI");
    same("深圳市华星电子", "深圳市华星电子有限公司", "深圳市华星电子股份有限公司");
  }

  @Test
  void german() {
    same("MULLER MASCHINENBAU", "Müller Maschinenbau GmbH", "MUELLER MASCHINENBAU GMBH".replace("UE", "U"),
        "Müller Maschinenbau GmbH & Co. KG", "Müller Maschinenbau AG", "Müller Maschinenbau KG",
        "Müller Maschinenbau OHG", "Müller Maschinenbau UG (haftungsbeschränkt)", "Müller Maschinenbau e.K.",
        "Müller Maschinenbau Gesellschaft mbH", "Müller Maschinenbau KGaA");
    same("GROSSHANDEL WEISS", "Großhandel Weiß GmbH");
  }

  @Test
  void french() {
    same("SOCIETE GENERALE DU SUD", "Société Générale du Sud S.A.", "SOCIETE GENERALE DU SUD SA",
        "Société Générale du Sud SAS", "Société Générale du Sud S.A.R.L.", "Société Générale du Sud EURL",
        "Société Générale du Sud SNC", "Société Générale du Sud Société Anonyme");
  }

  @Test
  void spanish() {
    same("ALIMENTOS DEL NORTE", "Alimentos del Norte S.A. de C.V.", "Alimentos del Norte, S.L.",
        "Alimentos del Norte S. de R.L.", "Alimentos del Norte S.R.L.", "Alimentos del Norte y Cía.",
        "Alimentos del Norte SAU", "ALIMENTOS DEL NORTE SA DE CV");
  }

  @Test
  void portuguese() {
    same("SAO PAULO ALIMENTOS", "São Paulo Alimentos Ltda.", "SAO PAULO ALIMENTOS LTDA", "São Paulo Alimentos S/A",
        "São Paulo Alimentos S.A.", "São Paulo Alimentos EIRELI", "São Paulo Alimentos ME",
        "São Paulo Alimentos Cia. Ltda.");
  }

  @Test
  void italian() {
    same("ROSSI MECCANICA", "Rossi Meccanica S.p.A.", "ROSSI MECCANICA SPA", "Rossi Meccanica S.r.l.",
        "Rossi Meccanica Srls", "Rossi Meccanica S.n.c.", "Rossi Meccanica S.a.s.", "Rossi Meccanica S.c.a.r.l.");
  }

  @Test
  void dutch() {
    same("DE VRIES TRANSPORT", "De Vries Transport B.V.", "DE VRIES TRANSPORT BV", "De Vries Transport N.V.",
        "De Vries Transport V.O.F.", "De Vries Transport C.V.");
  }

  @Test
  void turkish() {
    same("ANADOLU TEKSTIL", "Anadolu Tekstil Ltd. Şti.", "ANADOLU TEKSTIL LTD STI", "Anadolu Tekstil A.Ş.",
        "Anadolu Tekstil Limited Şirketi", "Anadolu Tekstil Anonim Şirketi");
    same("EGE GIDA", "Ege Gıda A.Ş.", "EGE GIDA AS");
  }

  @Test
  void vietnamese() {
    same("DUC THANH", "Công ty TNHH Đức Thành", "CONG TY TNHH DUC THANH", "Công ty Cổ phần Đức Thành",
        "Công ty CP Đức Thành", "Cty TNHH Đức Thành", "Công ty TNHH MTV Đức Thành", "Đức Thành Co., Ltd.",
        "Đức Thành JSC");
  }

  @Test
  void indonesian() {
    same("MAJU JAYA", "PT Maju Jaya Tbk", "PT. MAJU JAYA", "P.T. Maju Jaya", "CV Maju Jaya", "PT Maju Jaya (Persero)",
        "UD Maju Jaya");
  }

  @Test
  void namesThatDifferStayApart() {
    // Not legal forms: a group or a holding is another company than its subsidiary.
    assertNotEquals(CompanyNames.name("Bright Lighting Co Ltd"), CompanyNames.name("Bright Lighting Group Co Ltd"));
    assertNotEquals(CompanyNames.name("Acme Ltd"), CompanyNames.name("Acme Holdings Ltd"));
    assertEquals("PLAN B", CompanyNames.name("Plan B GmbH"));
  }
}
